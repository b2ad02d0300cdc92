import { useId, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Icd10Code } from '../../../shared/api/icd10.js';
import { errorCode } from '../../lib/use-api.js';
import { useIcd10Search } from './use-icd10-search.js';

/**
 * The ICD-10 field as an ARIA combobox: type a code or Russian words, arrows move through the
 * matches, Enter adds the highlighted one. Works from the local copy of the classification, offline too.
 */
export function Icd10Picker(props: { onPick: (code: Icd10Code) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const { query, result } = useIcd10Search(text);
  const items = query.length >= 2 && query === text.trim() ? (result.data?.items ?? []) : [];
  const open = text.trim().length >= 2;

  const pick = (item: Icd10Code | undefined) => {
    if (!item) return;
    props.onPick(item);
    setText('');
    setActive(0);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, items.length - 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (event.key === 'Enter') pick(items[active]);
    else if (event.key === 'Escape') setText('');
    else return;
    event.preventDefault();
  };

  return (
    <div className="combobox">
      <label htmlFor={`${id}-input`}>{t('visit.diagnosisSearch')}</label>
      <input
        id={`${id}-input`}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open && items.length > 0}
        aria-controls={`${id}-list`}
        aria-activedescendant={items[active] ? `${id}-opt-${active}` : undefined}
        placeholder={t('visit.diagnosisPlaceholder')}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        autoComplete="off"
      />
      {open ? (
        <ul id={`${id}-list`} role="listbox" aria-label={t('visit.diagnosisMatches')} className="listbox">
          {items.map((item, i) => (
            <li
              key={item.code}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(item);
              }}
            >
              <span className="code">{item.code}</span> {item.title}
            </li>
          ))}
          {result.state === 'error' ? <li className="muted small" role="presentation">{t(`errors.${errorCode(result.error)}`)}</li> : null}
          {result.state === 'data' && items.length === 0 && query === text.trim() ? <li className="muted small" role="presentation">{t('visit.noDiagnosisMatch')}</li> : null}
        </ul>
      ) : null}
    </div>
  );
}
