import { create } from 'zustand';
import { addDays } from '../../../shared/domain/vaccination-dates.js';
import { localDateOf } from '../../../shared/domain/zoned-time.js';

/** Whose schedule is on screen: one doctor's, or a whole specialty's. */
export type Whose = { scheduleId: string } | { specialty: string };
export type ScheduleMode = 'day' | 'week';
export type ScheduleTab = 'grid' | 'walk-ins' | 'preventive' | 'rebook' | 'define';

/** What the registrar is doing with the slot under the cursor. */
export type ScheduleDialog =
  | { kind: 'book'; slotId: string; patientId?: string | undefined }
  | { kind: 'appointment'; slotId: string }
  | { kind: 'cancel'; slotId: string }
  | { kind: 'preventive-book'; patientId: string; name: string }
  | null;

/** The clinic's calendar day: schedules are kept in Minsk time, whatever the computer's zone. */
export const clinicToday = () => localDateOf(new Date(), 'Europe/Minsk');

interface ScheduleState {
  whose: Whose | null;
  date: string;
  mode: ScheduleMode;
  tab: ScheduleTab;
  cursor: string | null;
  dialog: ScheduleDialog;
  /** A booking being moved: the next slot chosen becomes its new time. */
  moving: { appointmentId: string; name: string } | null;
  setWhose(whose: Whose): void;
  setDate(date: string): void;
  shiftDate(steps: number): void;
  setMode(mode: ScheduleMode): void;
  setTab(tab: ScheduleTab): void;
  setCursor(slotId: string | null): void;
  open(dialog: ScheduleDialog): void;
  startMove(moving: { appointmentId: string; name: string } | null): void;
}

export const useScheduleStore = create<ScheduleState>((set) => ({
  whose: null,
  date: clinicToday(),
  mode: 'day',
  tab: 'grid',
  cursor: null,
  dialog: null,
  moving: null,
  setWhose: (whose) => set({ whose, cursor: null }),
  setDate: (date) => set({ date, cursor: null }),
  shiftDate: (steps) => set((state) => ({ date: addDays(state.date, steps * (state.mode === 'week' ? 7 : 1)), cursor: null })),
  setMode: (mode) => set({ mode, cursor: null }),
  setTab: (tab) => set({ tab }),
  setCursor: (cursor) => set({ cursor }),
  open: (dialog) => set({ dialog }),
  startMove: (moving) => set({ moving, dialog: null }),
}));
