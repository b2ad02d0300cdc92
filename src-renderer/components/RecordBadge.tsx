import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../shared/api/patients.js';
import { formatDateTime } from '../lib/format.js';
import { useAppStore } from '../state/app-store.js';

export const fullName = (p: Pick<PatientSummary, 'family' | 'given' | 'patronymic'>) => [p.family, p.given, p.patronymic].filter(Boolean).join(' ');

/** Whether the whole record is here, and as of when: a missing record is seen before the patient sits down. */
export function RecordBadge(props: { record: PatientSummary['record'] }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  if (!props.record.local) return <span className="tag warn">{t('record.missing')}</span>;
  return <span className="tag ok">{props.record.asOf ? t('record.localAsOf', { when: formatDateTime(props.record.asOf, language) }) : t('record.local')}</span>;
}
