import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../shared/api/patients.js';
import type { ScheduleDirectory } from '../../../shared/api/schedule-desk.js';
import { api } from '../../api/client.js';
import { Panel } from '../../components/Panel.js';
import { fullName } from '../../components/RecordBadge.js';
import { formatTimeIn } from '../../lib/format.js';
import { useApiQuery } from '../../lib/use-api.js';
import { useAppStore } from '../../state/app-store.js';
import { PatientPicker } from './PatientPicker.js';
import { StatusTag } from './tags.js';
import { useCommand } from './use-schedule.js';

const ZONE = 'Europe/Minsk';

/** Today's walk-in queue in order of arrival: add a patient, call them in, mark seen or left. */
export function WalkInsPanel(props: { directory: ScheduleDirectory | undefined }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const queue = useApiQuery(() => api.schedule.walkIns({}), [], { refreshOnChange: true });
  const [patient, setPatient] = useState<PatientSummary | null>(null);
  const [doctor, setDoctor] = useState('');
  const [note, setNote] = useState('');
  const [pickerKey, setPickerKey] = useState(0);
  const add = useCommand(
    () => api.schedule.addWalkIn({ patientId: patient!.id, ...(doctor ? { practitionerId: doctor } : {}), ...(note.trim() ? { note: note.trim() } : {}) }),
    () => {
      setPatient(null);
      setNote('');
      setPickerKey((k) => k + 1);
      queue.reload();
    },
  );
  const act = useCommand((input: { appointmentId: string; action: 'call' | 'done' | 'left' }) => api.schedule.walkInAction(input), queue.reload);
  const doctors = (props.directory?.schedules ?? []).filter((s) => s.practitionerId);
  const doctorName = (id: string | null) => (id ? (doctors.find((d) => d.practitionerId === id)?.display ?? '') : t('schedule.walkIns.anyDoctor'));
  return (
    <div className="walk-ins">
      <section className="panel" aria-label={t('schedule.walkIns.add')}>
        <header className="panel-head">
          <h2>{t('schedule.walkIns.add')}</h2>
        </header>
        <div className="panel-body walk-in-form">
          <PatientPicker key={pickerKey} id="walk-in-patient" picked={patient} onPick={setPatient} />
          <label>
            {t('schedule.walkIns.doctor')}
            <select value={doctor} onChange={(e) => setDoctor(e.target.value)}>
              <option value="">{t('schedule.walkIns.anyDoctor')}</option>
              {doctors.map((d) => (
                <option key={d.scheduleId} value={d.practitionerId!}>
                  {d.display}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('schedule.comment')}
            <input value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="button" className="primary" disabled={!patient || add.busy} onClick={() => void add.execute(undefined)}>
            {patient ? t('schedule.walkIns.addNamed', { name: fullName(patient) }) : t('schedule.walkIns.addButton')}
          </button>
        </div>
      </section>
      <Panel title={t('schedule.walkIns.title')} query={queue} isEmpty={(data) => data.entries.length === 0} empty={t('schedule.walkIns.empty')}>
        {(data) => (
          <table className="grid">
            <thead>
              <tr>
                <th className="num">№</th>
                <th>{t('patient.name')}</th>
                <th>{t('patient.phone')}</th>
                <th>{t('schedule.walkIns.since')}</th>
                <th>{t('schedule.walkIns.doctor')}</th>
                <th>{t('schedule.statusLabel')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.entries.map((entry) => (
                <tr key={entry.appointmentId} className={entry.status === 'cancelled' ? 'struck' : undefined}>
                  <td className="num">{entry.position}</td>
                  <td>
                    {entry.patient.name}
                    {entry.note ? <div className="muted small">{entry.note}</div> : null}
                  </td>
                  <td className="nowrap">{entry.patient.phone ?? '—'}</td>
                  <td className="nowrap">{formatTimeIn(entry.queuedAt, ZONE, language)}</td>
                  <td>{doctorName(entry.practitionerId)}</td>
                  <td>
                    <StatusTag status={entry.status} />
                  </td>
                  <td className="nowrap row tight">
                    {entry.status === 'arrived' ? (
                      <button type="button" onClick={() => void act.execute({ appointmentId: entry.appointmentId, action: 'call' })}>
                        {t('schedule.walkIns.call')}
                      </button>
                    ) : null}
                    {entry.status === 'checked-in' ? (
                      <button type="button" onClick={() => void act.execute({ appointmentId: entry.appointmentId, action: 'done' })}>
                        {t('schedule.walkIns.done')}
                      </button>
                    ) : null}
                    {entry.status === 'arrived' ? (
                      <button type="button" onClick={() => void act.execute({ appointmentId: entry.appointmentId, action: 'left' })}>
                        {t('schedule.walkIns.left')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </div>
  );
}
