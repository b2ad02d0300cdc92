import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { Panel } from '../../components/Panel.js';
import { fullName, RecordBadge } from '../../components/RecordBadge.js';
import { formatDate, formatPersonalNumber, formatTime, formatWeekday, localIsoDate } from '../../lib/format.js';
import { useApiQuery } from '../../lib/use-api.js';
import { useAppStore } from '../../state/app-store.js';

export function DayScreen() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const go = useAppStore((s) => s.go);
  // Today as on the wall clock here (the service's own clock is UTC: after midnight in Minsk it is still yesterday there).
  const day = useApiQuery(() => api.day.list({ from: localIsoDate(new Date()), days: 2 }), [], { refreshOnChange: true });
  const days = day.data?.days ?? [];
  return (
    <div className="screen">
      <div className="row">
        <h1 className="grow">{t('day.title')}</h1>
        <button type="button" onClick={() => go({ name: 'schedule' })}>
          {t('schedule.open')}
        </button>
      </div>
      <div className="columns-2">
        {[0, 1].map((index) => {
          const entry = days[index];
          const title = entry ? `${t(index === 0 ? 'day.today' : 'day.tomorrow')}, ${formatWeekday(entry.date, language)}` : t(index === 0 ? 'day.today' : 'day.tomorrow');
          return (
            <Panel key={index} title={title} query={day} isEmpty={() => !entry || entry.appointments.length === 0} empty={t('day.empty')}>
              {() => (
                <table className="grid">
                  <thead>
                    <tr>
                      <th>{t('day.time')}</th>
                      <th>{t('patient.name')}</th>
                      <th>{t('patient.birthDate')}</th>
                      <th>{t('day.record')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {entry!.appointments.map((row) => (
                      <tr key={row.appointmentId} className={row.status === 'cancelled' ? 'struck' : undefined}>
                        <td className="nowrap">{formatTime(row.start, language)}</td>
                        <td>
                          <button type="button" className="link" onClick={() => go({ name: 'chart', patientId: row.patient.id })}>
                            {fullName(row.patient)}
                          </button>
                          <div className="muted small">
                            {formatPersonalNumber(row.patient.personalNumber)}
                            {row.reason ? ` · ${row.reason}` : ''}
                          </div>
                        </td>
                        <td className="nowrap">{formatDate(row.patient.birthDate, language)}</td>
                        <td>
                          <RecordBadge record={row.patient.record} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Panel>
          );
        })}
      </div>
    </div>
  );
}
