import { useTranslation } from 'react-i18next';
import type { ChartView } from '../../../shared/api/chart-method.js';
import { fullName } from '../../components/RecordBadge.js';
import { formatDate, formatDateTime, formatPersonalNumber, formatRelative } from '../../lib/format.js';
import { useAppStore } from '../../state/app-store.js';

/** Who this is, at a glance: name, age, sex, birth date, personal number, how to reach them, how fresh the record is. */
export function ChartHeader(props: { chart: ChartView; compact?: boolean }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const { patient, age } = props.chart;
  return (
    <div className="chart-header">
      <h1>{fullName(patient)}</h1>
      <dl className="facts inline">
        <dt>{t('patient.age')}</dt>
        <dd>{age === null ? '—' : t('patient.years', { count: age })}</dd>
        <dt>{t('patient.sex')}</dt>
        <dd>{t(`sex.${patient.sex}`)}</dd>
        <dt>{t('patient.birthDate')}</dt>
        <dd>{formatDate(patient.birthDate, language)}</dd>
        <dt>{t('patient.personalNumber')}</dt>
        <dd className="mono">{formatPersonalNumber(patient.personalNumber)}</dd>
        {!props.compact ? (
          <>
            <dt>{t('patient.phone')}</dt>
            <dd>{props.chart.phone ?? '—'}</dd>
            <dt>{t('patient.address')}</dt>
            <dd>{props.chart.address ?? '—'}</dd>
          </>
        ) : null}
      </dl>
      {!props.compact ? <SyncedAt syncedAt={props.chart.syncedAt} count={props.chart.resourceCount} /> : null}
    </div>
  );
}

function SyncedAt(props: { syncedAt: string | null; count: number }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  return (
    <p className={`synced small ${props.syncedAt ? 'muted' : 'warn-text'}`}>
      {props.syncedAt
        ? t('chart.syncedAt', { when: formatDateTime(props.syncedAt, language), relative: formatRelative(props.syncedAt, new Date(), language) })
        : t('chart.neverSynced')}{' '}
      · {t('chart.resourceCount', { count: props.count })}
    </p>
  );
}
