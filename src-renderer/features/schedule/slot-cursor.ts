import type { ScheduleView, SlotCell } from '../../../shared/api/schedule-views.js';

/**
 * The registrar moves through slots with the arrow keys. The screen is a row of columns (a doctor's
 * day, or a day of a doctor's week), each a list of slots by time: up and down move within a
 * column, left and right to the slot at the same time (or the nearest) of the next column.
 */
export interface SlotColumn {
  key: string;
  scheduleId: string;
  date: string;
  slots: SlotCell[];
}

export function columnsOf(view: ScheduleView, mode: 'day' | 'week'): SlotColumn[] {
  return view.schedules.flatMap((schedule) =>
    (mode === 'day' ? schedule.days.slice(0, 1) : schedule.days).map((day) => ({ key: `${schedule.scheduleId}|${day.date}`, scheduleId: schedule.scheduleId, date: day.date, slots: day.slots })),
  );
}

export type Direction = 'up' | 'down' | 'left' | 'right' | 'first' | 'last';

function locate(columns: readonly SlotColumn[], slotId: string | null): { column: number; row: number } | null {
  if (!slotId) return null;
  for (const [column, entry] of columns.entries()) {
    const row = entry.slots.findIndex((slot) => slot.slotId === slotId);
    if (row >= 0) return { column, row };
  }
  return null;
}

/** The first free slot from `from` on (now or later), else the first slot at all. */
export function initialCursor(columns: readonly SlotColumn[], from: Date): string | null {
  const slots = columns.flatMap((c) => c.slots);
  return (slots.find((s) => s.state === 'free' && new Date(s.start) >= from) ?? slots[0])?.slotId ?? null;
}

/** Where the cursor goes; it stays when there is nowhere to go. */
export function moveCursor(columns: readonly SlotColumn[], slotId: string | null, direction: Direction): string | null {
  const here = locate(columns, slotId);
  if (!here) return initialCursor(columns, new Date(0));
  const column = columns[here.column]!;
  if (direction === 'up') return column.slots[Math.max(0, here.row - 1)]!.slotId;
  if (direction === 'down') return column.slots[Math.min(column.slots.length - 1, here.row + 1)]!.slotId;
  if (direction === 'first') return column.slots[0]!.slotId;
  if (direction === 'last') return column.slots.at(-1)!.slotId;
  const step = direction === 'left' ? -1 : 1;
  const start = Date.parse(column.slots[here.row]!.start) % 86_400_000;
  for (let next = here.column + step; next >= 0 && next < columns.length; next += step) {
    const slots = columns[next]!.slots;
    if (slots.length === 0) continue;
    // The same time of day, or the nearest one.
    const nearest = slots.reduce((best, slot) => (Math.abs((Date.parse(slot.start) % 86_400_000) - start) < Math.abs((Date.parse(best.start) % 86_400_000) - start) ? slot : best));
    return nearest.slotId;
  }
  return slotId;
}

export function findCell(view: ScheduleView | undefined, slotId: string | null): { cell: SlotCell; scheduleId: string; display: string; timeZone: string } | null {
  if (!view || !slotId) return null;
  for (const schedule of view.schedules) {
    for (const day of schedule.days) {
      const cell = day.slots.find((slot) => slot.slotId === slotId);
      if (cell) return { cell, scheduleId: schedule.scheduleId, display: schedule.display, timeZone: schedule.timeZone };
    }
  }
  return null;
}
