import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaccinationDose } from '../../../shared/api/chart-method.js';
import { Box } from '../../components/Panel.js';
import { formatDate } from '../../lib/format.js';
import { useAppStore } from '../../state/app-store.js';
import { vaccinationSeries } from './vaccination-series.js';

/**
 * Vaccination status against the national calendar, one row per infection: how many doses are
 * given, whether anything is overdue or due, and the date that matters. Every dose on request.
 */
export function VaccinationPanel(props: { doses: readonly VaccinationDose[] }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const [doses, setDoses] = useState(false);
  const rows = vaccinationSeries(props.doses);
  const toGive = rows.filter((r) => r.state === 'overdue' || r.state === 'due').length;
  if (props.doses.length === 0) {
    return (
      <Box title={t('chart.vaccinations')}>
        <p className="panel-state panel-empty">{t('chart.noCalendar')}</p>
      </Box>
    );
  }
  return (
    <Box title={t('chart.vaccinations')}>
      <p className="small">
        {toGive === 0 ? <span className="tag ok">{t('chart.vaccinationsUpToDate')}</span> : <span className="tag warn">{t('chart.seriesToGive', { count: toGive })}</span>}
      </p>
      {doses ? (
        <DoseTable doses={props.doses} />
      ) : (
        <table className="grid compact">
          <thead>
            <tr>
              <th>{t('chart.infection')}</th>
              <th className="num">{t('chart.dosesGiven')}</th>
              <th>{t('chart.doseState')}</th>
              <th>{t('chart.date')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.series}>
                <td>{t(`vaccineSeries.${row.series}`, { defaultValue: row.infection })}</td>
                <td className="num nowrap">{t('chart.ofTotal', { done: row.done, total: row.total })}</td>
                <td>
                  <span className={`tag dose-${row.state}`}>{t(`doseStates.${row.state}`)}</span>
                </td>
                <td className="nowrap">
                  {row.state === 'done'
                    ? formatDate(row.next.date, language)
                    : row.state === 'no-data'
                      ? row.lastGiven
                        ? t('chart.lastDose', { date: formatDate(row.lastGiven, language) })
                        : '—'
                      : t('chart.doseFrom', { dose: row.next.dose, date: formatDate(row.next.dueDate, language) })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" className="link small" aria-expanded={doses} onClick={() => setDoses((v) => !v)}>
        {doses ? t('chart.showBySeries') : t('chart.showCalendar')}
      </button>
    </Box>
  );
}

function DoseTable(props: { doses: readonly VaccinationDose[] }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const sorted = [...props.doses].sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  return (
    <table className="grid compact">
      <thead>
        <tr>
          <th>{t('chart.infection')}</th>
          <th className="num">{t('chart.dose')}</th>
          <th>{t('chart.doseState')}</th>
          <th>{t('chart.date')}</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((dose) => (
          <tr key={`${dose.series}-${dose.dose}`}>
            <td>{t(`vaccineSeries.${dose.series}`, { defaultValue: dose.infection })}</td>
            <td className="num">{dose.dose}</td>
            <td>
              <span className={`tag dose-${dose.state}`}>{t(`doseStates.${dose.state}`)}</span>
            </td>
            <td className="nowrap">{dose.state === 'done' ? formatDate(dose.date, language) : dose.state === 'no-data' ? '—' : t('chart.dueFrom', { date: formatDate(dose.dueDate, language) })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
