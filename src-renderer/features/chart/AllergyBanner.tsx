import { useTranslation } from 'react-i18next';
import type { ChartView } from '../../../shared/api/chart-method.js';

/**
 * Allergies where nobody can miss them: on the chart and on the visit form, above everything else.
 * "No known allergies" (recorded) and "nothing recorded" are different statements and look different.
 */
export function AllergyBanner(props: { summary: ChartView['summary'] }) {
  const { t } = useTranslation();
  const current = props.summary.allergies.filter((a) => a.status === 'active' || a.status === 'unknown');
  if (current.length === 0) {
    return (
      <section className={`allergy-banner ${props.summary.noKnownAllergies ? 'none' : 'unknown'}`} aria-label={t('chart.allergies')}>
        {props.summary.noKnownAllergies ? t('chart.noKnownAllergies') : t('chart.allergiesNotRecorded')}
      </section>
    );
  }
  return (
    <section className="allergy-banner present" aria-label={t('chart.allergies')}>
      <strong>{t('chart.allergyWarning')}</strong>
      <ul>
        {current.map((allergy) => (
          <li key={allergy.id}>
            <span className="substance">{allergy.substance}</span>
            {allergy.criticality === 'high' ? <span className="tag bad">{t('chart.highRisk')}</span> : null}
            {allergy.reactions.length ? <span className="reactions"> — {allergy.reactions.join(', ')}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
