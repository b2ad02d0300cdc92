import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskRefusal } from '../../../shared/api/schedule-desk.js';
import { api } from '../../api/client.js';
import { Dialog } from '../../components/Dialog.js';
import { formatDate, formatDateTimeIn } from '../../lib/format.js';
import { useAppStore } from '../../state/app-store.js';
import { SlotChoices } from './dialogs.js';
import { useCommand, useRefusals } from './use-schedule.js';

const ZONE = 'Europe/Minsk';

/**
 * Central refused a booking made here: shown at once over whatever screen is open, with the
 * patient's phone to call and the nearest free slots (a digit key books one). Nothing closes it but
 * a choice: another slot, or "I will call the patient".
 */
export function RefusalAlert() {
  const { items, reload } = useRefusals();
  const first = items[0];
  if (!first) return null;
  return <RefusalDialog key={first.id} refusal={first} more={items.length - 1} onResolved={reload} />;
}

function RefusalDialog(props: { refusal: DeskRefusal; more: number; onResolved: () => void }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const { refusal, attempted } = props.refusal;
  const resolve = useCommand((slotId: string | undefined) => api.schedule.resolveRefusal({ id: props.refusal.id, ...(slotId ? { slotId } : {}) }), props.onResolved);
  const later = useCallback(() => void resolve.execute(undefined), [resolve]);
  const phone = refusal.patient?.phone;
  // A refused move: the attempted time is where the booking was going, not where it is; say where it stays.
  const move = Boolean(props.refusal.movedAppointmentId);
  const kept = props.refusal.keptStart;
  return (
    <Dialog title={t(move ? 'schedule.refusal.moveTitle' : 'schedule.refusal.title')} role="alertdialog" className="refusal" onClose={() => {}}>
      <div
        onKeyDown={(event) => {
          const slot = refusal.alternatives[Number(event.key) - 1];
          if (!slot) return;
          event.preventDefault();
          void resolve.execute(slot.slotId);
        }}
      >
        <p className="refusal-what">
          {t(`schedule.refusal.code.${refusal.code}`)}{' '}
          {attempted.start ? t(move ? 'schedule.refusal.moveAttempted' : 'schedule.refusal.attempted', { when: formatDateTimeIn(attempted.start, ZONE, language), who: attempted.scheduleDisplay ?? '' }) : null}
        </p>
        {move ? <p>{kept ? t('schedule.refusal.moveKeptAt', { kept: formatDateTimeIn(kept, ZONE, language) }) : t('schedule.refusal.moveKept')}</p> : null}
        <div className="refusal-patient">
          <div>
            <div className="muted small">{t('schedule.refusal.patient')}</div>
            <strong>{refusal.patient?.name || '—'}</strong> {refusal.patient?.birthDate ? <span className="muted">{formatDate(refusal.patient.birthDate, language)}</span> : null}
          </div>
          <div>
            <div className="muted small">{t('schedule.refusal.call')}</div>
            {phone ? (
              <a className="phone-big" href={`tel:${phone.replace(/[^+\d]/g, '')}`}>
                {phone}
              </a>
            ) : (
              <span>{t('schedule.noPhone')}</span>
            )}
          </div>
        </div>
        <h3>{t('schedule.refusal.alternatives')}</h3>
        {refusal.alternatives.length === 0 ? <p>{t('schedule.refusal.noAlternatives')}</p> : <SlotChoices slots={refusal.alternatives} disabled={resolve.busy} onChoose={(slot) => void resolve.execute(slot.slotId)} />}
        {resolve.error ? (
          <p className="form-error" role="alert">
            {resolve.error.code === 'conflict' ? t('schedule.conflict') : t(`errors.${resolve.error.code}`)}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" disabled={resolve.busy} onClick={later}>
            {t('schedule.refusal.later')}
          </button>
          {props.more > 0 ? <span className="muted small">{t('schedule.refusal.more', { count: props.more })}</span> : null}
        </div>
      </div>
    </Dialog>
  );
}
