import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SICK_LEAVE_REASONS } from '../../../shared/domain/sick-leave-rules.js';
import type { SickLeaveReason } from '../../../shared/domain/sick-leave-rules.js';
import { Box, QueryView } from '../../components/Panel.js';
import { DateField } from '../../components/DateField.js';
import { localIsoDate } from '../../lib/format.js';
import { SickLeaveList } from './SickLeaveList.js';
import { SickLeaveErrorLine } from './SickLeaveErrorLine.js';
import { useSickLeave } from './use-sick-leave.js';

/**
 * "Листок нетрудоспособности" at the visit: opened for this visit's main diagnosis (the visit is
 * saved first, so the certificate names it), and the patient's certificates below with their steps.
 * Not a <form> and no `required` field: it sits inside the visit's own form, whose submission
 * (signing the visit off) an empty certificate date must not block.
 */
export function SickLeaveSection(props: { patientId: string; diagnosis: { code: string; title: string } | null; saveVisit: () => Promise<string | undefined> }) {
  const { t } = useTranslation();
  const sickLeave = useSickLeave(props.patientId);
  const today = localIsoDate(new Date());
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState('');
  const [reason, setReason] = useState<SickLeaveReason>('disease');

  const open = async () => {
    if (!props.diagnosis) return;
    const encounterId = await props.saveVisit();
    if (!encounterId) return;
    if (await sickLeave.open({ patientId: props.patientId, encounterId, reason, diagnosis: props.diagnosis.code, from, to })) setTo('');
  };

  return (
    <Box title={t('sickLeave.title')}>
      <div className="row tight align-end" role="group" aria-label={t('sickLeave.openLabel')}>
        <DateField label={t('sickLeave.from')} value={from} onChange={setFrom} />
        <DateField label={t('sickLeave.to')} value={to} onChange={setTo} />
        <label>
          {t('sickLeave.reasonLabel')}
          <select value={reason} onChange={(e) => setReason(e.target.value as SickLeaveReason)}>
            {SICK_LEAVE_REASONS.map((code) => (
              <option key={code} value={code}>
                {t(`sickLeave.reason.${code}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="small">
        {props.diagnosis ? (
          <>
            {t('sickLeave.diagnosis')}: <span className="code">{props.diagnosis.code}</span> {props.diagnosis.title}
          </>
        ) : (
          <span className="muted">{t('sickLeave.needsDiagnosis')}</span>
        )}
      </p>
      <button type="button" className="primary" disabled={!props.diagnosis || !from || !to || sickLeave.busy} onClick={() => void open()}>
        {t('sickLeave.open')}
      </button>
      <SickLeaveErrorLine error={sickLeave.error} />
      <QueryView query={sickLeave.list}>
        {(data) => <SickLeaveList certificates={data.certificates} canAct busy={sickLeave.busy} onChange={sickLeave.change} />}
      </QueryView>
    </Box>
  );
}
