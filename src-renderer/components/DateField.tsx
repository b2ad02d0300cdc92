import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fromDisplayDate, toDisplayDate } from '../lib/date-input.js';

/**
 * A date typed as people write it here, ДД.ММ.ГГГГ, whatever the browser's own locale (a native
 * date input shows 06/10/2021 on an English system: June or October?). The form gets ISO or ''.
 */
export function DateField(props: { label: string; value: string; onChange: (iso: string) => void; required?: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState(toDisplayDate(props.value));
  // A value set from outside (the register filled the form) replaces what is shown.
  useEffect(() => {
    if (fromDisplayDate(text) !== props.value) setText(toDisplayDate(props.value));
  }, [props.value]);
  const invalid = text.trim() !== '' && fromDisplayDate(text) === null;
  return (
    <label>
      {props.label}
      <input
        inputMode="numeric"
        placeholder={t('common.datePlaceholder')}
        value={text}
        required={props.required}
        aria-invalid={invalid}
        onChange={(e) => {
          setText(e.target.value);
          props.onChange(fromDisplayDate(e.target.value) ?? '');
        }}
      />
    </label>
  );
}
