import { useTranslation } from 'react-i18next';
import type { AppointmentSummary } from '../../../shared/api/schedule-views.js';
import { VISIT_TYPE_NAMES, type VisitType } from '../../../shared/domain/visit-types.js';
import { useAppStore } from '../../state/app-store.js';

/** The visit type in the reader's language, from the one table of names the whole system uses. */
export function VisitTypeTag(props: { type: VisitType }) {
  const language = useAppStore((s) => s.language);
  return <span className={`tag visit-${props.type}`}>{VISIT_TYPE_NAMES[props.type][language]}</span>;
}

const STATUS_TONE: Partial<Record<AppointmentSummary['status'], string>> = { arrived: 'ok', 'checked-in': 'ok', fulfilled: 'ok', noshow: 'bad', cancelled: 'bad' };

export function StatusTag(props: { status: AppointmentSummary['status'] }) {
  const { t } = useTranslation();
  return <span className={`tag ${STATUS_TONE[props.status] ?? ''}`}>{t(`schedule.status.${props.status}`)}</span>;
}
