import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PreventiveDueEntry } from '../../../shared/api/schedule-booking.js';
import { api } from '../../api/client.js';
import { Panel } from '../../components/Panel.js';
import { formatDate, formatDateTime } from '../../lib/format.js';
import { useApiQuery } from '../../lib/use-api.js';
import { useAppStore } from '../../state/app-store.js';
import { PatientRowsTable, patientNameColumn, patientPhoneColumn } from './PatientRowsTable.js';
import { useScheduleStore } from './schedule-store.js';

/** Who is due a preventive examination (the rules are data in shared/domain), and booking from the list. */
export function PreventivePanel() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const open = useScheduleStore((s) => s.open);
  const [unbookedOnly, setUnbookedOnly] = useState(true);
  const due = useApiQuery(() => api.schedule.preventiveDue({ unbookedOnly, limit: 200 }), [unbookedOnly], { refreshOnChange: true });
  return (
    <Panel
      title={t('schedule.preventive.title')}
      query={due}
      isEmpty={(data) => data.entries.length === 0}
      empty={t('schedule.preventive.empty')}
      actions={
        <label className="inline-check">
          <input type="checkbox" checked={unbookedOnly} onChange={(e) => setUnbookedOnly(e.target.checked)} />
          {t('schedule.preventive.unbookedOnly')}
        </label>
      }
    >
      {(data) => (
        <>
          <p className="muted small">{t('schedule.preventive.total', { count: data.total })}</p>
          <PatientRowsTable
            rows={data.entries}
            rowKey={(entry) => entry.patient.patientId}
            columns={[
              patientNameColumn<PreventiveDueEntry>(t('patient.name'), (entry) => entry.patient, (entry) => t(`schedule.preventive.reason.${entry.reason}`)),
              { header: t('patient.age'), cell: (entry) => entry.age, className: 'num' },
              patientPhoneColumn<PreventiveDueEntry>(t('patient.phone'), (entry) => entry.patient),
              { header: t('schedule.preventive.dueSince'), cell: (entry) => formatDate(entry.dueDate, language), className: 'nowrap' },
              { header: t('schedule.preventive.lastExam'), cell: (entry) => (entry.lastExamDate ? formatDate(entry.lastExamDate, language) : t('schedule.preventive.never')), className: 'nowrap' },
            ]}
            action={{
              header: t('schedule.preventive.booked'),
              cell: (entry) =>
                entry.booked ? (
                  formatDateTime(entry.booked.start, language)
                ) : (
                  <button type="button" onClick={() => open({ kind: 'preventive-book', patientId: entry.patient.patientId, name: entry.patient.name })}>
                    {t('schedule.book')}
                  </button>
                ),
            }}
          />
        </>
      )}
    </Panel>
  );
}
