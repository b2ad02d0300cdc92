import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { Panel } from '../../components/Panel.js';
import { formatDate, formatDateTime } from '../../lib/format.js';
import { useApiQuery } from '../../lib/use-api.js';
import { useAppStore } from '../../state/app-store.js';
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
          <table className="grid">
            <thead>
              <tr>
                <th>{t('patient.name')}</th>
                <th className="num">{t('patient.age')}</th>
                <th>{t('patient.phone')}</th>
                <th>{t('schedule.preventive.dueSince')}</th>
                <th>{t('schedule.preventive.lastExam')}</th>
                <th>{t('schedule.preventive.booked')}</th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((entry) => (
                <tr key={entry.patient.patientId}>
                  <td>
                    {entry.patient.name}
                    <div className="muted small">{t(`schedule.preventive.reason.${entry.reason}`)}</div>
                  </td>
                  <td className="num">{entry.age}</td>
                  <td className="nowrap">{entry.patient.phone ?? '—'}</td>
                  <td className="nowrap">{formatDate(entry.dueDate, language)}</td>
                  <td className="nowrap">{entry.lastExamDate ? formatDate(entry.lastExamDate, language) : t('schedule.preventive.never')}</td>
                  <td className="nowrap">
                    {entry.booked ? (
                      formatDateTime(entry.booked.start, language)
                    ) : (
                      <button type="button" onClick={() => open({ kind: 'preventive-book', patientId: entry.patient.patientId, name: entry.patient.name })}>
                        {t('schedule.book')}
                      </button>
                    )}
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
