import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Box } from '../../components/Panel.js';
import { formatPersonalNumber } from '../../lib/format.js';
import { useAppStore } from '../../state/app-store.js';
import { useFetchRemote } from './use-fetch-remote.js';

/**
 * Nobody here by this number: the record of a patient outside the clinic's scope can be brought
 * from Central while online, with a stated reason (break-the-glass). The patient will see who
 * opened their record and why.
 */
export function FetchRemoteBox(props: { personalNumber: string }) {
  const { t } = useTranslation();
  const go = useAppStore((s) => s.go);
  const [reason, setReason] = useState('');
  const { fetchRecord, pending, error } = useFetchRemote((patientId) => go({ name: 'chart', patientId }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void fetchRecord(props.personalNumber, reason.trim());
  };
  return (
    <Box title={t('remote.title')}>
      <form onSubmit={submit} className="stack">
        <p className="small">{t('remote.explain', { number: formatPersonalNumber(props.personalNumber) })}</p>
        <label className="block">
          {t('remote.reason')}
          <textarea rows={2} required minLength={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        {error ? <p role="alert" className="form-error">{t(`remote.errors.${error}`, { defaultValue: t(`errors.${error}`) })}</p> : null}
        <div className="row">
          <button type="submit" className="primary" disabled={pending || reason.trim().length < 3}>
            {pending ? t('remote.fetching') : t('remote.fetch')}
          </button>
        </div>
      </form>
    </Box>
  );
}
