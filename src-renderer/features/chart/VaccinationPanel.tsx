import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaccinationDose } from '../../../shared/api/chart-method.js';
import { Box } from '../../components/Panel.js';
import { formatDate } from '../../lib/format.js';
import { useAppStore } from '../../state/app-store.js';

const RANK: Record<VaccinationDose['state'], number> = { overdue: 0, due: 1, upcoming: 2, done: 3 };

/**
 * Vaccination status against the national calendar: what is overdue or due now first, then a
 * count of what is done; the whole calendar on request.
 */
export function VaccinationPanel(props: { doses: readonly VaccinationDose[] }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const [all, setAll] = useState(false);
  const act = props.doses.filter((d) => d.state === 'overdue' || d.state === 'due').sort((a, b) => RANK[a.state] - RANK[b.state] || a.dueDate.localeCompare(b.dueDate));
  const done = props.doses.filter((d) => d.state === 'done').length;
  const shown = all ? [...props.doses].sort((a, b) => a.dueDate.localeCompare(b.dueDate)) : act;
  return (
    <Box title={t('chart.vaccinations')}>
      {props.doses.length === 0 ? (
        <p className="panel-state panel-empty">{t('chart.noCalendar')}</p>
      ) : (
        <>
          <p className="small">
            {act.length === 0 ? <span className="tag ok">{t('chart.vaccinationsUpToDate')}</span> : <span className="tag warn">{t('chart.vaccinationsToGive', { count: act.length })}</span>}{' '}
            <span className="muted">{t('chart.vaccinationsDone', { count: done })}</span>
          </p>
          {shown.length ? (
            <table className="grid compact">
              <thead>
                <tr>
                  <th>{t('chart.infection')}</th>
                  <th>{t('chart.dose')}</th>
                  <th>{t('chart.doseState')}</th>
                  <th>{t('chart.date')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((dose) => (
                  <tr key={`${dose.series}-${dose.dose}`}>
                    <td>{dose.infection}</td>
                    <td>{dose.dose}</td>
                    <td>
                      <span className={`tag dose-${dose.state}`}>{t(`doseStates.${dose.state}`)}</span>
                    </td>
                    <td className="nowrap">{dose.state === 'done' ? formatDate(dose.date, language) : t('chart.dueFrom', { date: formatDate(dose.dueDate, language) })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <button type="button" className="link small" aria-expanded={all} onClick={() => setAll((v) => !v)}>
            {all ? t('chart.showToGive') : t('chart.showCalendar')}
          </button>
        </>
      )}
    </Box>
  );
}
