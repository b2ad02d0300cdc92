import { useTranslation } from 'react-i18next';
import type { Prescription } from './visit-form.js';

/** Prescriptions as rows of medicine and how to take it; a new row gets the focus. */
export function PrescriptionsEditor(props: {
  prescriptions: readonly Prescription[];
  onAdd: () => void;
  onChange: (index: number, field: keyof Prescription, value: string) => void;
  onRemove: (index: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="prescriptions">
      {props.prescriptions.map((p, index) => (
        <div key={index} className="prescription-row">
          <label>
            {t('visit.medication', { n: index + 1 })}
            <input autoFocus={index === props.prescriptions.length - 1 && !p.medication} value={p.medication} maxLength={200} onChange={(e) => props.onChange(index, 'medication', e.target.value)} />
          </label>
          <label className="grow">
            {t('visit.dosage', { n: index + 1 })}
            <input value={p.dosage} maxLength={500} onChange={(e) => props.onChange(index, 'dosage', e.target.value)} />
          </label>
          <button type="button" className="link small" onClick={() => props.onRemove(index)} aria-label={t('visit.removePrescription', { n: index + 1 })}>
            {t('visit.remove')}
          </button>
        </div>
      ))}
      <button type="button" onClick={props.onAdd}>
        {t('visit.addPrescription')}
      </button>
    </div>
  );
}
