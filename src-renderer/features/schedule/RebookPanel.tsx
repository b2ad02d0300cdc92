import { useTranslation } from 'react-i18next';
import type { RebookItem } from '../../../shared/api/schedule.js';
import type { ScheduleDirectory } from '../../../shared/api/schedule-desk.js';
import { localDateOf } from '../../../shared/domain/zoned-time.js';
import { api } from '../../api/client.js';
import { Panel } from '../../components/Panel.js';
import { formatDateTime } from '../../lib/format.js';
import { errorCode, useApiQuery } from '../../lib/use-api.js';
import { useAppStore } from '../../state/app-store.js';
import { PatientRowsTable, patientNameColumn, patientPhoneColumn } from './PatientRowsTable.js';
import { useScheduleStore } from './schedule-store.js';

/**
 * Bookings whose slot left a doctor's schedule (Central's rebook list, online only): the registrar
 * calls the patient and books them anew by moving the booking to a free time on the grid.
 */
export function RebookPanel(props: { directory: ScheduleDirectory | undefined }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const { setWhose, setDate, setTab, startMove } = useScheduleStore();
  // Read from Central on demand, not on every sync: each read is an audited search of patients there.
  const list = useApiQuery(() => api.schedule.rebookList(), []);
  const offline = list.state === 'error' && errorCode(list.error) === 'unavailable';
  return (
    <Panel title={t('scheduleAdmin.rebook.title')} query={offline ? { state: 'data', data: { items: [] }, reload: list.reload } : list} isEmpty={(data) => data.items.length === 0} empty={offline ? t('scheduleAdmin.offline') : t('scheduleAdmin.rebook.empty')} className="rebook-panel"
      actions={
        <button type="button" onClick={list.reload}>
          {t('scheduleAdmin.refresh')}
        </button>
      }
    >
      {(data) => (
        <>
          <p className="muted small">{t('scheduleAdmin.rebook.hint')}</p>
          <PatientRowsTable
            rows={data.items}
            rowKey={(item) => item.appointmentId}
            columns={[
              { header: t('scheduleAdmin.rebook.was'), cell: (item) => formatDateTime(item.start, language), className: 'nowrap' },
              { header: t('scheduleAdmin.rebook.doctor'), cell: (item) => props.directory?.schedules.find((s) => s.scheduleId === item.scheduleId)?.display ?? '—' },
              patientNameColumn<RebookItem>(t('scheduleAdmin.rebook.patient'), (item) => item.patient),
              patientPhoneColumn<RebookItem>(t('scheduleAdmin.rebook.phone'), (item) => item.patient),
              { header: t('scheduleAdmin.rebook.why'), cell: (item) => t(`scheduleAdmin.rebook.reason.${item.reason}`) },
              { header: t('scheduleAdmin.rebook.since'), cell: (item) => formatDateTime(item.since, language), className: 'nowrap' },
            ]}
            action={{
              cell: (item) => (
                <button
                  type="button"
                  onClick={() => {
                    setWhose({ scheduleId: item.scheduleId });
                    setDate(localDateOf(item.start, 'Europe/Minsk'));
                    startMove({ appointmentId: item.appointmentId, name: item.patient.name });
                    setTab('grid');
                  }}
                >
                  {t('scheduleAdmin.rebook.again')}
                </button>
              ),
            }}
          />
        </>
      )}
    </Panel>
  );
}
