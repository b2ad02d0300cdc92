import type { ReactNode } from 'react';
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
        <Fact label={t('patient.age')}>{age === null ? '—' : t('patient.years', { count: age })}</Fact>
        <Fact label={t('patient.sex')}>{t(`sex.${patient.sex}`)}</Fact>
        <Fact label={t('patient.birthDate')}>{formatDate(patient.birthDate, language)}</Fact>
        <Fact label={t('patient.personalNumber')} className="mono">
          {formatPersonalNumber(patient.personalNumber)}
        </Fact>
        {!props.compact ? <Fact label={t('patient.phone')}>{props.chart.phone ?? '—'}</Fact> : null}
        {!props.compact ? <Fact label={t('patient.address')}>{props.chart.address ?? '—'}</Fact> : null}
      </dl>
      {!props.compact ? <SyncedAt syncedAt={props.chart.syncedAt} count={props.chart.resourceCount} /> : null}
    </div>
  );
}

/** A label and its value kept on one line. */
function Fact(props: { label: string; className?: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{props.label}</dt>
      <dd className={props.className}>{props.children}</dd>
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
