import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SickLeaveCertificate, SickLeaveChangeInput } from '../../../shared/api/sick-leave.js';
import { DateField } from '../../components/DateField.js';
import { formatDate } from '../../lib/format.js';
import { useAppStore } from '../../state/app-store.js';
import { refusalLine } from '../sync/refusal-text.js';

const STATE_TAG: Record<SickLeaveCertificate['state'], string> = { pending: 'warn', sent: '', accepted: 'ok', refused: 'bad' };

/**
 * The certificates with where each stands (waiting on this workstation, sent, accepted by the Fund
 * with its number, refused with the reason) and, for a doctor, extend, close and cancel.
 */
export function SickLeaveList(props: { certificates: readonly SickLeaveCertificate[]; canAct: boolean; busy: boolean; onChange: (input: SickLeaveChangeInput) => Promise<boolean> }) {
  const { t } = useTranslation();
  if (props.certificates.length === 0) return <p className="panel-state panel-empty">{t('sickLeave.none')}</p>;
  return (
    <ul className="plain-list" aria-label={t('sickLeave.listLabel')}>
      {props.certificates.map((certificate) => (
        <CertificateItem key={certificate.id} certificate={certificate} canAct={props.canAct} busy={props.busy} onChange={props.onChange} />
      ))}
    </ul>
  );
}

type Action = 'extend' | 'close' | 'cancel';

function CertificateItem(props: { certificate: SickLeaveCertificate; canAct: boolean; busy: boolean; onChange: (input: SickLeaveChangeInput) => Promise<boolean> }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const { certificate } = props;
  const [action, setAction] = useState<Action | null>(null);
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  const period = t('sickLeave.period', { from: formatDate(certificate.period.from, language), to: formatDate(certificate.period.to, language) });

  const submit = async () => {
    if (!action) return;
    const input: SickLeaveChangeInput =
      action === 'extend' ? { certificateId: certificate.id, action, to: date }
      : action === 'close' ? { certificateId: certificate.id, action, returnToWorkOn: date }
      : { certificateId: certificate.id, action, reason };
    if (await props.onChange(input)) {
      setAction(null);
      setDate('');
      setReason('');
    }
  };

  return (
    <li aria-label={t('sickLeave.itemLabel', { period })}>
      <div className="row tight">
        <strong>{period}</strong>
        <span className="tag">{t(`sickLeave.status.${certificate.status}`)}</span>
        <span className={`tag ${STATE_TAG[certificate.state]}`}>{t(`sickLeave.state.${certificate.state}`)}</span>
        {certificate.certificateNumber ? <span className="code">{t('sickLeave.number', { number: certificate.certificateNumber })}</span> : null}
      </div>
      <div className="muted small">
        {t(`sickLeave.reason.${certificate.reason}`)} · <span className="code">{certificate.diagnosis}</span>
        {certificate.pendingSteps.length > 0 ? <> · {t('sickLeave.waiting', { steps: certificate.pendingSteps.map((step) => t(`sickLeave.step.${step}`)).join(', ') })}</> : null}
        {certificate.asOf ? <> · {t('sickLeave.asOf', { when: formatDate(certificate.asOf, language) })}</> : null}
      </div>
      {certificate.message ? <p className="form-error small" role="note">{t('sickLeave.refusedBecause', { message: refusalLine(t, certificate.messageCode, certificate.message) })}</p> : null}
      {props.canAct && certificate.status === 'open' && certificate.state !== 'refused' ? (
        action === null ? (
          <div className="row tight">
            <button type="button" onClick={() => setAction('extend')}>{t('sickLeave.extend')}</button>
            <button type="button" onClick={() => setAction('close')}>{t('sickLeave.close')}</button>
            <button type="button" onClick={() => setAction('cancel')}>{t('sickLeave.cancel')}</button>
          </div>
        ) : (
          <div className="row tight align-end">
            {action === 'cancel' ? (
              <label>
                {t('sickLeave.cancelReason')}
                <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
              </label>
            ) : (
              <DateField label={t(action === 'extend' ? 'sickLeave.extendTo' : 'sickLeave.returnToWorkOn')} value={date} onChange={setDate} />
            )}
            <button type="button" className="primary" disabled={props.busy || (action === 'cancel' ? reason.trim().length < 3 : !date)} onClick={() => void submit()}>
              {t(`sickLeave.confirm.${action}`)}
            </button>
            <button type="button" onClick={() => setAction(null)}>{t('sickLeave.back')}</button>
          </div>
        )
      ) : null}
    </li>
  );
}
