import type { DeskSchedulePort } from '../ports.js';
import { DeskBookings, type DeskDeps } from './desk-bookings.js';
import { DeskPreventive } from './desk-preventive.js';
import { openBookingRefusals } from './desk-refusals.js';
import { DeskViews } from './desk-views.js';
import { DeskWalkIns } from './desk-walk-ins.js';

/** The registrar's desk over the encrypted store: views, commands, walk-ins, preventive list, refusals. */
export function createStoreDesk(deps: DeskDeps & { organizationId: () => string; changed?: () => void }): DeskSchedulePort {
  const views = new DeskViews(deps);
  const bookings = new DeskBookings(deps);
  const walkIns = new DeskWalkIns(deps);
  const preventive = new DeskPreventive(deps);
  // A command queued a mutation: the sync engine pushes it soon.
  const queued = <T>(value: T): T => (deps.changed?.(), value);
  return {
    directory: () => views.directory(),
    view: (query) => views.view(query),
    nextFree: (query) => views.nextFree(query),
    book: (input, user) => queued(bookings.book(input, user)),
    cancel: (input, user) => queued(bookings.cancel(input, user)),
    reschedule: (input, user) => queued(bookings.reschedule(input, user)),
    mark: (input, user) => queued(bookings.mark(input, user)),
    walkIns: (date) => walkIns.queue(date),
    addWalkIn: (input, user) => queued(walkIns.add(input, user)),
    walkInAction: (input, user) => queued(walkIns.act(input, user)),
    preventiveDue: (input) => preventive.dueList(input),
    refusals: () => openBookingRefusals(deps.store()),
    patientOfAppointment: (appointmentId) => deps.store().appointments.patientOf(appointmentId),
  };
}
