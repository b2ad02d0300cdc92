import { useTranslation } from 'react-i18next';
import type { ChartView } from '../../../shared/api/chart-method.js';
import { Box } from '../../components/Panel.js';
import { formatDate } from '../../lib/format.js';
import { useAppStore } from '../../state/app-store.js';
import { SickLeavePanel } from '../sick-leave/SickLeavePanel.js';
import { SourceLine } from './SourceLine.js';
import { VaccinationPanel } from './VaccinationPanel.js';

/** What a doctor reads first: active problems, current medication, vaccinations, preventive examination, allergies. */
export function SummaryTab(props: { chart: ChartView }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const { summary } = props.chart;
  return (
    <div className="summary-grid">
      <Box title={t('chart.problems')}>
        {summary.problems.length === 0 ? (
          <p className="panel-state panel-empty">{t('chart.noProblems')}</p>
        ) : (
          <ul className="plain-list">
            {summary.problems.map((problem) => (
              <li key={problem.id}>
                {problem.diagnosis.code ? <span className="code">{problem.diagnosis.code}</span> : null} {problem.diagnosis.text}
                <div className="muted small">
                  {t('chart.since', { date: formatDate(problem.onset ?? problem.recordedAt, language) })} · <SourceLine source={problem.source} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </Box>
      <Box title={t('chart.medications')}>
        {summary.medications.length === 0 ? (
          <p className="panel-state panel-empty">{t('chart.noMedications')}</p>
        ) : (
          <ul className="plain-list">
            {summary.medications.map((medication) => (
              <li key={medication.id}>
                <strong>{medication.medication}</strong>
                {medication.dosage ? <span> — {medication.dosage}</span> : null}
                <div className="muted small">
                  {formatDate(medication.authoredOn, language)} · <SourceLine source={medication.source} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </Box>
      <VaccinationPanel doses={summary.vaccinations} />
      <Box title={t('chart.preventive')}>
        <dl className="facts">
          <dt>{t('chart.lastExam')}</dt>
          <dd>{summary.preventive.lastExam ? formatDate(summary.preventive.lastExam, language) : t('chart.never')}</dd>
          <dt>{t('chart.nextExam')}</dt>
          <dd>
            {summary.preventive.dueNow ? (
              // Never examined: the date due would be the 18th birthday, which tells the doctor nothing.
              <span className="tag warn">
                {summary.preventive.lastExam ? t('chart.examDueSince', { date: formatDate(summary.preventive.nextDue, language) }) : t('chart.examDueNow')}
              </span>
            ) : (
              formatDate(summary.preventive.nextDue, language)
            )}
          </dd>
        </dl>
      </Box>
      <Box title={t('chart.allergyHistory')}>
        {summary.allergies.length === 0 ? (
          <p className="panel-state panel-empty">{summary.noKnownAllergies ? t('chart.noKnownAllergies') : t('chart.allergiesNotRecorded')}</p>
        ) : (
          <ul className="plain-list">
            {summary.allergies.map((allergy) => (
              <li key={allergy.id} className={allergy.status === 'active' ? undefined : 'muted'}>
                {allergy.substance} <span className="small">({t(`allergyStatus.${allergy.status}`)})</span>
                {allergy.reactions.length ? <span className="small"> — {allergy.reactions.join(', ')}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </Box>
      <SickLeavePanel patientId={props.chart.patient.id} />
    </div>
  );
}
