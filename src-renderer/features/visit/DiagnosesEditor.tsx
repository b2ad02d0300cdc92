import { useTranslation } from 'react-i18next';
import type { Diagnosis } from './visit-form.js';

/** The visit's diagnoses: which one is the main one, and a way to take one out. */
export function DiagnosesEditor(props: { diagnoses: readonly Diagnosis[]; onPrimary: (code: string) => void; onRemove: (code: string) => void }) {
  const { t } = useTranslation();
  if (props.diagnoses.length === 0) return <p className="muted small">{t('visit.noDiagnoses')}</p>;
  return (
    <table className="grid compact" aria-label={t('visit.diagnoses')}>
      <thead>
        <tr>
          <th>{t('visit.primary')}</th>
          <th>{t('visit.code')}</th>
          <th>{t('visit.diagnosis')}</th>
          <th>
            <span className="visually-hidden">{t('visit.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.diagnoses.map((d) => (
          <tr key={d.code}>
            <td>
              <input type="radio" name="primary-diagnosis" checked={d.primary} onChange={() => props.onPrimary(d.code)} aria-label={t('visit.makePrimary', { code: d.code })} />
            </td>
            <td>
              <span className="code">{d.code}</span>
            </td>
            <td>{d.title}</td>
            <td>
              <button type="button" className="link small" onClick={() => props.onRemove(d.code)} aria-label={t('visit.removeDiagnosis', { code: d.code })}>
                {t('visit.remove')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
