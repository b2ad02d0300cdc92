import { useTranslation } from 'react-i18next';
import type { Study } from '../../../shared/api/chart-method.js';
import { formatWhen } from '../../lib/format.js';
import { useAppStore } from '../../state/app-store.js';
import { SourceLine } from './SourceLine.js';

/** Instrumental studies with their reports, newest first; the report text as written. */
export function StudiesTab(props: { studies: readonly Study[] }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  if (props.studies.length === 0) return <p className="panel-state panel-empty">{t('chart.noStudies')}</p>;
  return (
    <ol className="studies" aria-label={t('chart.studies')}>
      {props.studies.map((study) => (
        <li key={study.id} className="study">
          <div className="row tight">
            <span className="nowrap">{formatWhen(study.date, language)}</span>
            <strong>{study.title}</strong>
            {study.category || study.categoryCode ? <span className="tag">{t(`studyCategories.${study.categoryCode}`, { defaultValue: study.category ?? study.categoryCode })}</span> : null}
            {study.status !== 'final' ? <span className="tag warn">{t(`reportStatus.${study.status}`, { defaultValue: study.status })}</span> : null}
          </div>
          <SourceLine source={study.source} />
          {study.conclusion ? <p className="prose report">{study.conclusion}</p> : <p className="muted small">{t('chart.noReport')}</p>}
        </li>
      ))}
    </ol>
  );
}
