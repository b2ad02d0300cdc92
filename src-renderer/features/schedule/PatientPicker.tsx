import type { KeyboardEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../shared/api/patients.js';
import { fullName } from '../../components/RecordBadge.js';
import { formatDate } from '../../lib/format.js';
import { useAppStore } from '../../state/app-store.js';
import { usePatientSearch } from '../patients/use-patient-search.js';

/** A patient chosen by typing: name, personal number or birth date; arrows move, Enter chooses. */
export function PatientPicker(props: { id: string; onPick: (patient: PatientSummary) => void; picked: PatientSummary | null }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const { query, result } = usePatientSearch(text);
  const items = query ? (result.data?.items ?? []).slice(0, 8) : [];
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, items.length - 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (event.key === 'Enter' && items[active] && props.picked?.id !== items[active].id) props.onPick(items[active]);
    else return;
    event.preventDefault();
  };
  return (
    <div className="combobox">
      <label>
        {t('schedule.patientSearch')}
        <input
          type="search"
          autoFocus
          role="combobox"
          aria-expanded={items.length > 0}
          aria-controls={`${props.id}-list`}
          aria-activedescendant={items[active] ? `${props.id}-${items[active].id}` : undefined}
          placeholder={t('schedule.patientSearchHint')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
      </label>
      {items.length > 0 ? (
        <ul className="listbox" role="listbox" id={`${props.id}-list`} aria-label={t('schedule.patientResults')}>
          {items.map((patient, index) => (
            <li key={patient.id} id={`${props.id}-${patient.id}`} role="option" aria-selected={props.picked?.id === patient.id} className={index === active ? 'active' : undefined} onMouseDown={(e) => (e.preventDefault(), props.onPick(patient))}>
              {fullName(patient)} <span className="muted small">{formatDate(patient.birthDate, language)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {query && result.state === 'data' && items.length === 0 ? <p className="muted small">{t('schedule.patientNone', { query })}</p> : null}
    </div>
  );
}
