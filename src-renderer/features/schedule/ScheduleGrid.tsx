import type { KeyboardEvent } from 'react';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScheduleColumn, ScheduleView, SlotCell } from '../../../shared/api/schedule-views.js';
import { formatShortDay, formatTimeIn } from '../../lib/format.js';
import { useAppStore } from '../../state/app-store.js';
import { columnsOf, initialCursor, moveCursor, type Direction } from './slot-cursor.js';
import { clinicToday, useScheduleStore } from './schedule-store.js';
import { VisitTypeTag, StatusTag } from './tags.js';

const KEYS: Record<string, Direction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right', Home: 'first', End: 'last' };

/**
 * The day (a column per doctor) or the week (a column per day, a table per doctor), keyboard
 * first: one tab stop, arrow keys move the cursor through slots, Enter books a free slot or opens
 * a booking, Delete cancels it, PageUp/PageDown change the day or week.
 */
export function ScheduleGrid(props: { view: ScheduleView }) {
  const { t } = useTranslation();
  const mode = useScheduleStore((s) => s.mode);
  const cursor = useScheduleStore((s) => s.cursor);
  const setCursor = useScheduleStore((s) => s.setCursor);
  const open = useScheduleStore((s) => s.open);
  const shiftDate = useScheduleStore((s) => s.shiftDate);
  const columns = useMemo(() => columnsOf(props.view, mode), [props.view, mode]);
  const grid = useRef<HTMLDivElement>(null);

  // The cursor starts at the first free slot from now and stays on its slot across refreshes.
  useEffect(() => {
    const known = columns.some((c) => c.slots.some((s) => s.slotId === cursor));
    if (!known) setCursor(initialCursor(columns, new Date()));
  }, [columns, cursor, setCursor]);

  useEffect(() => {
    if (!cursor) return;
    grid.current?.querySelector(`[data-slot="${CSS.escape(cursor)}"]`)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [cursor]);

  const activate = (slot: SlotCell | undefined) => {
    if (!slot) return;
    if (slot.state === 'free') open({ kind: 'book', slotId: slot.slotId });
    else if (slot.appointment) open({ kind: 'appointment', slotId: slot.slotId });
  };
  const current = () => columns.flatMap((c) => c.slots).find((s) => s.slotId === cursor);

  const onKeyDown = (event: KeyboardEvent) => {
    const direction = KEYS[event.key];
    if (direction) setCursor(moveCursor(columns, cursor, direction));
    else if (event.key === 'Enter') activate(current());
    else if (event.key === 'Delete' && current()?.appointment) open({ kind: 'cancel', slotId: cursor! });
    else if (event.key === 'PageUp') shiftDate(-1);
    else if (event.key === 'PageDown') shiftDate(1);
    else return;
    event.preventDefault();
  };

  const hasSlots = columns.some((c) => c.slots.length > 0);
  return (
    <div ref={grid} className={`schedule-grid ${mode}`} role="grid" aria-label={t(mode === 'day' ? 'schedule.dayGrid' : 'schedule.weekGrid')} tabIndex={0} onKeyDown={onKeyDown} aria-activedescendant={cursor ? `slot-${cursor}` : undefined}>
      {!hasSlots ? <p className="panel-state">{t(mode === 'day' ? 'schedule.noSlotsDay' : 'schedule.noSlotsWeek')}</p> : null}
      {hasSlots && mode === 'day' ? (
        <div className="day-columns" style={{ gridTemplateColumns: `repeat(${Math.min(props.view.schedules.length, 3)}, minmax(0, 1fr))` }}>
          {props.view.schedules.map((schedule) => (
            <DayColumn key={schedule.scheduleId} schedule={schedule} cursor={cursor} onPick={(slot) => (setCursor(slot.slotId), activate(slot))} />
          ))}
        </div>
      ) : null}
      {hasSlots && mode === 'week' ? props.view.schedules.map((schedule) => <WeekTable key={schedule.scheduleId} schedule={schedule} cursor={cursor} onPick={(slot) => (setCursor(slot.slotId), activate(slot))} />) : null}
    </div>
  );
}

function DayColumn(props: { schedule: ScheduleColumn; cursor: string | null; onPick: (slot: SlotCell) => void }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const slots = props.schedule.days[0]?.slots ?? [];
  return (
    <section className="day-column" aria-label={props.schedule.display}>
      <h3 className="column-title" title={props.schedule.display}>{props.schedule.display}</h3>
      {slots.length === 0 ? <p className="muted small">{t('schedule.notWorking')}</p> : null}
      <table className="grid compact slots">
        <tbody>
          {slots.map((slot) => {
            const patient = slot.appointment?.patient;
            return (
              <tr key={slot.slotId} id={`slot-${slot.slotId}`} data-slot={slot.slotId} role="row" aria-selected={slot.slotId === props.cursor} className={`slot ${slot.state}${slot.slotId === props.cursor ? ' selected' : ''}${slot.pending ? ' pending' : ''}`} onClick={() => props.onPick(slot)}>
                <td className="time nowrap" role="gridcell">{formatTimeIn(slot.start, props.schedule.timeZone, language)}</td>
                <td role="gridcell" className="slot-who">
                  {slot.state === 'booked' ? (
                    <div className="patient-name" title={patient?.name}>
                      {patient?.name || t('schedule.bookedElsewhere')}
                    </div>
                  ) : null}
                  <div className="slot-line-2">
                    {slot.state === 'free' ? <span className="free-label">{t('schedule.free')}</span> : null}
                    {slot.state === 'blocked' ? <span className="muted">{t('schedule.blocked')}</span> : null}
                    {patient?.phone ? <span className="muted small phone">{patient.phone}</span> : null}
                    <span className="tags">
                      {slot.visitType && slot.visitType !== 'follow-up' ? <VisitTypeTag type={slot.visitType} /> : null}
                      {slot.pending ? <span className="tag warn">{t('schedule.pending')}</span> : null}
                      {slot.appointment && slot.appointment.status !== 'booked' ? <StatusTag status={slot.appointment.status} /> : null}
                    </span>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function WeekTable(props: { schedule: ScheduleColumn; cursor: string | null; onPick: (slot: SlotCell) => void }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const zone = props.schedule.timeZone;
  const today = clinicToday();
  const times = [...new Set(props.schedule.days.flatMap((d) => d.slots.map((s) => formatTimeIn(s.start, zone, 'ru'))))].sort();
  const at = (day: ScheduleColumn['days'][number], time: string) => day.slots.find((s) => formatTimeIn(s.start, zone, 'ru') === time);
  return (
    <section className="week-table" aria-label={props.schedule.display}>
      <h3 className="column-title">{props.schedule.display}</h3>
      <table className="grid compact week">
        <thead>
          <tr>
            <th className="time">{t('schedule.time')}</th>
            {props.schedule.days.map((day) => (
              <th key={day.date} className={`weekday${day.date === today ? ' today' : ''}`}>
                {formatShortDay(day.date, language)}
                <span className="muted small counts">{day.slots.length === 0 ? t('schedule.notWorking') : t('schedule.freeCount', { count: day.slots.filter((s) => s.state === 'free').length })}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {times.map((time) => (
            <tr key={time}>
              <td className="time nowrap">{time}</td>
              {props.schedule.days.map((day) => {
                const slot = at(day, time);
                if (!slot) return <td key={day.date} className="none" role="gridcell" />;
                const patient = slot.appointment?.patient;
                return (
                  <td key={day.date} id={`slot-${slot.slotId}`} data-slot={slot.slotId} role="gridcell" aria-selected={slot.slotId === props.cursor} className={`slot ${slot.state}${slot.slotId === props.cursor ? ' selected' : ''}${slot.pending ? ' pending' : ''}`} onClick={() => props.onPick(slot)} title={patient?.name ?? undefined}>
                    {slot.state === 'free' ? <span className="free-label">{slot.visitType === 'preventive' ? t('schedule.freePreventive') : t('schedule.free')}</span> : null}
                    {slot.state === 'blocked' ? <span className="muted">{t('schedule.blocked')}</span> : null}
                    {slot.state === 'booked' ? <span className="patient-name">{patient ? shortName(patient.name) : t('schedule.bookedElsewhere')}</span> : null}
                    {slot.pending ? <span className="pending-mark" aria-label={t('schedule.pending')}> ⏳</span> : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** "Ковалёва Марина Ивановна" → "Ковалёва М. И.": a week cell has room for little more. */
export function shortName(name: string): string {
  const [family, ...rest] = name.split(/\s+/).filter(Boolean);
  return [family, rest.map((part) => `${part[0]}.`).join(' ')].filter(Boolean).join(' ');
}
