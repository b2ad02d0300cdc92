import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PatientSummary } from '../../../shared/api/patients.js';
import type { DeskAppointment } from '../../../shared/api/schedule-desk.js';
import type { FreeSlot, ScheduleView } from '../../../shared/api/schedule-views.js';
import { api } from '../../api/client.js';
import { Dialog } from '../../components/Dialog.js';
import { fullName } from '../../components/RecordBadge.js';
import { formatDate, formatDateTimeIn } from '../../lib/format.js';
import { useAppStore } from '../../state/app-store.js';
import { PatientPicker } from './PatientPicker.js';
import { findCell } from './slot-cursor.js';
import { useScheduleStore } from './schedule-store.js';
import { StatusTag, VisitTypeTag } from './tags.js';
import { useCommand } from './use-schedule.js';

const ZONE = 'Europe/Minsk';

/** The dialog the store names, over the slot it names. */
export function ScheduleDialogs(props: { view: ScheduleView | undefined; onChanged: () => void }) {
  const dialog = useScheduleStore((s) => s.dialog);
  const open = useScheduleStore((s) => s.open);
  const close = useCallback(() => open(null), [open]);
  const done = useCallback(() => {
    open(null);
    props.onChanged();
  }, [open, props]);
  if (!dialog) return null;
  if (dialog.kind === 'preventive-book') return <PreventiveBookDialog patientId={dialog.patientId} name={dialog.name} onClose={close} onDone={done} />;
  const found = findCell(props.view, dialog.slotId);
  if (!found) return null;
  if (dialog.kind === 'book') return <BookDialog found={found} onClose={close} onDone={done} />;
  if (dialog.kind === 'cancel') return <CancelDialog found={found} onClose={close} onDone={done} />;
  return <AppointmentDialog found={found} onClose={close} onDone={done} />;
}

type Found = NonNullable<ReturnType<typeof findCell>>;

function SlotLine(props: { found: Found }) {
  const language = useAppStore((s) => s.language);
  const { cell, display, timeZone } = props.found;
  return (
    <p className="slot-line">
      <strong>{formatDateTimeIn(cell.start, timeZone, language)}</strong> · {display} {cell.visitType ? <VisitTypeTag type={cell.visitType} /> : null}
    </p>
  );
}

function ErrorLine(props: { error: { code: string; message: string } | null }) {
  const { t } = useTranslation();
  if (!props.error) return null;
  return (
    <p className="form-error" role="alert">
      {props.error.code === 'conflict' ? t('schedule.conflict') : t(`errors.${props.error.code}`)}
    </p>
  );
}

/** Book a free slot: whom (search), a note; or, while moving a booking, confirm its new time. */
function BookDialog(props: { found: Found; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const moving = useScheduleStore((s) => s.moving);
  const startMove = useScheduleStore((s) => s.startMove);
  const [patient, setPatient] = useState<PatientSummary | null>(null);
  const [comment, setComment] = useState('');
  const book = useCommand((input: { patientId: string }) => api.schedule.book({ slotId: props.found.cell.slotId, patientId: input.patientId, ...(comment.trim() ? { comment: comment.trim() } : {}) }), props.onDone);
  const move = useCommand(
    (input: { appointmentId: string }) => api.schedule.reschedule({ appointmentId: input.appointmentId, slotId: props.found.cell.slotId }),
    () => (startMove(null), props.onDone()),
  );
  if (moving) {
    return (
      <Dialog title={t('schedule.moveTitle')} onClose={props.onClose}>
        <SlotLine found={props.found} />
        <p>{t('schedule.moveConfirm', { name: moving.name })}</p>
        <ErrorLine error={move.error} />
        <div className="dialog-actions">
          <button type="button" className="primary" disabled={move.busy} onClick={() => void move.execute({ appointmentId: moving.appointmentId })}>
            {t('schedule.moveHere')}
          </button>
          <button type="button" onClick={props.onClose}>
            {t('schedule.close')}
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title={t('schedule.bookTitle')} onClose={props.onClose}>
      <SlotLine found={props.found} />
      <PatientPicker id="book-patient" picked={patient} onPick={setPatient} />
      {patient ? <p className="notice">{t('schedule.bookFor', { name: fullName(patient) })}</p> : null}
      <label className="block">
        {t('schedule.comment')}
        <input value={comment} maxLength={200} onChange={(e) => setComment(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && patient && void book.execute({ patientId: patient.id })} />
      </label>
      <ErrorLine error={book.error} />
      <div className="dialog-actions">
        <button type="button" className="primary" disabled={!patient || book.busy} onClick={() => patient && void book.execute({ patientId: patient.id })}>
          {t('schedule.book')}
        </button>
        <button type="button" onClick={props.onClose}>
          {t('schedule.close')}
        </button>
      </div>
      <p className="muted small">{t('schedule.bookHint')}</p>
    </Dialog>
  );
}

/** A booking: who, how to reach them, and what can happen to it (keys 1-4). */
function AppointmentDialog(props: { found: Found; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const open = useScheduleStore((s) => s.open);
  const startMove = useScheduleStore((s) => s.startMove);
  const { cell } = props.found;
  const appointment = cell.appointment!;
  const mark = useCommand((status: 'arrived' | 'noshow') => api.schedule.mark({ appointmentId: appointment.appointmentId, status }), props.onDone);
  const started = new Date(cell.start) <= new Date();
  const canMark = appointment.status === 'booked';
  const actions = [
    { key: '1', label: t('schedule.arrived'), enabled: canMark, run: () => void mark.execute('arrived') },
    { key: '2', label: t('schedule.noShow'), enabled: canMark && started, run: () => void mark.execute('noshow') },
    { key: '3', label: t('schedule.move'), enabled: appointment.status === 'booked' && !cell.pending, run: () => startMove({ appointmentId: appointment.appointmentId, name: appointment.patient?.name ?? '' }) },
    { key: '4', label: t('schedule.cancel'), enabled: ['booked', 'arrived'].includes(appointment.status), run: () => open({ kind: 'cancel', slotId: cell.slotId }) },
  ];
  return (
    <Dialog title={appointment.patient?.name || t('schedule.bookedElsewhere')} onClose={props.onClose}>
      <div
        onKeyDown={(event) => {
          const action = actions.find((a) => a.key === event.key && a.enabled);
          if (!action || (event.target as HTMLElement).tagName === 'INPUT') return;
          event.preventDefault();
          action.run();
        }}
      >
        <SlotLine found={props.found} />
        <dl className="facts">
          <dt>{t('patient.phone')}</dt>
          <dd>{appointment.patient?.phone ? <a href={`tel:${appointment.patient.phone.replace(/[^+\d]/g, '')}`}>{appointment.patient.phone}</a> : t('schedule.noPhone')}</dd>
          <dt>{t('patient.birthDate')}</dt>
          <dd>{formatDate(appointment.patient?.birthDate, language)}</dd>
          <dt>{t('schedule.statusLabel')}</dt>
          <dd>
            <StatusTag status={appointment.status} /> {cell.pending ? <span className="tag warn">{t('schedule.pending')}</span> : null}
          </dd>
        </dl>
        <ErrorLine error={mark.error} />
        <div className="dialog-actions">
          {actions.map((action) => (
            <button key={action.key} type="button" disabled={!action.enabled || mark.busy} aria-keyshortcuts={action.key} onClick={action.run}>
              <kbd>{action.key}</kbd> {action.label}
            </button>
          ))}
          <button type="button" onClick={props.onClose}>
            {t('schedule.close')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}

function CancelDialog(props: { found: Found; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const appointment = props.found.cell.appointment!;
  const [reason, setReason] = useState('');
  const cancel = useCommand(() => api.schedule.cancel({ appointmentId: appointment.appointmentId, reason: reason.trim() }), props.onDone);
  const valid = reason.trim().length >= 3;
  return (
    <Dialog title={t('schedule.cancelTitle', { name: appointment.patient?.name ?? '' })} onClose={props.onClose}>
      <SlotLine found={props.found} />
      <label className="block">
        {t('schedule.cancelReason')}
        <input autoFocus value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && valid && void cancel.execute(undefined)} aria-invalid={reason.length > 0 && !valid} />
      </label>
      <p className="muted small">{t('schedule.cancelHint')}</p>
      <ErrorLine error={cancel.error} />
      <div className="dialog-actions">
        <button type="button" className="primary" disabled={!valid || cancel.busy} onClick={() => void cancel.execute(undefined)}>
          {t('schedule.cancelConfirm')}
        </button>
        <button type="button" onClick={props.onClose}>
          {t('schedule.close')}
        </button>
      </div>
    </Dialog>
  );
}

/** Booking from the preventive due list: the nearest free preventive slots of the chosen doctor or specialty. */
function PreventiveBookDialog(props: { patientId: string; name: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const whose = useScheduleStore((s) => s.whose);
  const [slots, setSlots] = useState<FreeSlot[] | null>(null);
  const book = useCommand((slotId: string) => api.schedule.book({ slotId, patientId: props.patientId }), props.onDone as (output: DeskAppointment) => void);
  useEffect(() => {
    if (!whose) return;
    void api.schedule.nextFree({ ...whose, visitType: 'preventive', limit: 5 }).then((r) => setSlots(r.slots), () => setSlots([]));
  }, [whose]);
  return (
    <Dialog title={t('schedule.preventiveBookTitle', { name: props.name })} onClose={props.onClose}>
      <div
        onKeyDown={(event) => {
          const slot = slots?.[Number(event.key) - 1];
          if (!slot) return;
          event.preventDefault();
          void book.execute(slot.slotId);
        }}
      >
        {slots === null ? <p aria-busy="true">{t('common.loading')}</p> : null}
        {slots?.length === 0 ? <p>{t('schedule.noPreventiveSlots')}</p> : null}
        <SlotChoices slots={slots ?? []} disabled={book.busy} onChoose={(slot) => void book.execute(slot.slotId)} />
        <ErrorLine error={book.error} />
        <div className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            {t('schedule.close')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}

/** Free slots to choose from, numbered: the digit key books. */
export function SlotChoices(props: { slots: readonly FreeSlot[]; disabled?: boolean; onChoose: (slot: FreeSlot) => void }) {
  const language = useAppStore((s) => s.language);
  return (
    <ol className="slot-choices">
      {props.slots.map((slot, index) => (
        <li key={slot.slotId}>
          <button type="button" disabled={props.disabled} aria-keyshortcuts={String(index + 1)} onClick={() => props.onChoose(slot)}>
            <kbd>{index + 1}</kbd> <strong>{formatDateTimeIn(slot.start, ZONE, language)}</strong> · {slot.display} {slot.visitType ? <VisitTypeTag type={slot.visitType} /> : null}
          </button>
        </li>
      ))}
    </ol>
  );
}
