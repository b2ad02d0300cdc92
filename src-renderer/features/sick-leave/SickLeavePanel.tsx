import { useTranslation } from 'react-i18next';
import { Panel } from '../../components/Panel.js';
import { useAppStore } from '../../state/app-store.js';
import { SickLeaveList } from './SickLeaveList.js';
import { SickLeaveErrorLine } from './SickLeaveErrorLine.js';
import { useSickLeave } from './use-sick-leave.js';

/** The patient's sick-leave certificates on the chart. */
export function SickLeavePanel(props: { patientId: string }) {
  const { t } = useTranslation();
  const isDoctor = useAppStore((s) => s.session?.user?.role === 'doctor');
  const sickLeave = useSickLeave(props.patientId);
  return (
    <Panel title={t('sickLeave.listLabel')} query={sickLeave.list} actions={sickLeave.list.data && !sickLeave.list.data.refreshed ? <span className="muted small">{t('sickLeave.offline')}</span> : null}>
      {(data) => (
        <>
          <SickLeaveList certificates={data.certificates} canAct={isDoctor} busy={sickLeave.busy} onChange={sickLeave.change} />
          <SickLeaveErrorLine error={sickLeave.error} />
        </>
      )}
    </Panel>
  );
}
