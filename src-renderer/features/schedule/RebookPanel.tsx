import { useTranslation } from 'react-i18next';
import type { ScheduleDirectory } from '../../../shared/api/schedule-desk.js';
import { localDateOf } from '../../../shared/domain/zoned-time.js';
import { api } from '../../api/client.js';
import { Panel } from '../../components/Panel.js';
import { formatDateTime } from '../../lib/format.js';
import { errorCode, useApiQuery } from '../../lib/use-api.js';
import { useAppStore } from '../../state/app-store.js';
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
          <table className="grid">
            <thead>
              <tr>
                <th>{t('scheduleAdmin.rebook.was')}</th>
                <th>{t('scheduleAdmin.rebook.doctor')}</th>
                <th>{t('scheduleAdmin.rebook.patient')}</th>
                <th>{t('scheduleAdmin.rebook.phone')}</th>
                <th>{t('scheduleAdmin.rebook.why')}</th>
                <th>{t('scheduleAdmin.rebook.since')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => (
                <tr key={item.appointmentId}>
                  <td className="nowrap">{formatDateTime(item.start, language)}</td>
                  <td>{props.directory?.schedules.find((s) => s.scheduleId === item.scheduleId)?.display ?? '—'}</td>
                  <td>{item.patient.name}</td>
                  <td className="nowrap">{item.patient.phone ?? '—'}</td>
                  <td>{t(`scheduleAdmin.rebook.reason.${item.reason}`)}</td>
                  <td className="nowrap">{formatDateTime(item.since, language)}</td>
                  <td className="nowrap">
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
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Panel>
  );
}
