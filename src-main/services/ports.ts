import type { ChartView } from '../../shared/api/chart-method.js';
import type { AppointmentRow } from '../../shared/api/day.js';
import type { Icd10Code } from '../../shared/api/icd10.js';
import type { PatientSummary, RegisterPatientInput, RegisterPerson } from '../../shared/api/patients.js';
import type { SessionStatus, StaffUser } from '../../shared/api/session.js';
import type { Settings } from '../../shared/api/settings.js';
import type { InboxItem, SyncStatus } from '../../shared/api/sync.js';
import type { ApiParsedInput } from '../../shared/api/contract.js';
import type { PreventiveDueList, WalkInEntry } from '../../shared/api/schedule-booking.js';
import type { DeskAppointment, DeskBookInput, DeskCancelInput, DeskRefusal, DeskRescheduleInput, ScheduleDirectory } from '../../shared/api/schedule-desk.js';
import type { FreeSlot, ScheduleView } from '../../shared/api/schedule-views.js';
import type { RebookItem, ScheduleChoices, ScheduleDefinition } from '../../shared/api/schedule.js';
import type { SaveDefinitionOutput } from '../../shared/api/schedule-admin.js';
import type { SickLeaveCertificate, SickLeaveChangeInput, SickLeaveList, SickLeaveOpenInput } from '../../shared/api/sick-leave.js';

/**
 * What the handler map needs from the rest of the workstation, one narrow interface each. The
 * handlers know nothing of SQLite, HTTP, IPC or Electron; the host (browser mode, Electron, tests)
 * wires these to the encrypted store, the sync engine and the register adapter.
 */

export interface SessionPort {
  status(): SessionStatus;
  /** Online the first time, then against the locally kept verifier. Throws ServiceError('unauthenticated'). */
  login(username: string, password: string): Promise<SessionStatus>;
  lock(): SessionStatus;
  unlock(password: string): Promise<SessionStatus>;
  logout(): SessionStatus;
  /** Called on every API call: postpones the idle lock. */
  touch(): void;
  /** Changes that happen without a call (the idle lock): the handler map forwards them as `session.changed`. */
  onChange?(listener: (status: SessionStatus) => void): () => void;
}

export interface PatientStorePort {
  /** Best matches first: surname/name prefix in any spelling, personal number, birth date. */
  search(query: string, limit: number): PatientSummary[];
  byPersonalNumber(personalNumber: string): PatientSummary | null;
  byId(id: string): PatientSummary | null;
  /** Saves locally at once and queues the change for Central. */
  register(input: RegisterPatientInput, registerCheck: 'confirmed' | 'pending'): PatientSummary;
}

/** The population register, through its adapter. */
export interface PopulationRegisterPort {
  /** null when the register does not know the number; throws RegisterUnavailableError when unreachable. */
  lookup(personalNumber: string): Promise<RegisterPerson | null>;
}
export class RegisterUnavailableError extends Error {
  override name = 'RegisterUnavailableError';
}

/** Patients outside the scope, fetched from Central on demand (break-the-glass, audited there). */
export interface RemotePatientPort {
  /** Fetches the whole record of the patient with this personal number; throws ServiceError when it cannot. */
  fetch(personalNumber: string, reason: string, user: StaffUser): Promise<PatientSummary>;
}

export interface ChartPort {
  /** The chart assembled from the local store; null when the patient is not on this workstation. */
  get(patientId: string): ChartView | null;
}

export interface VisitPort {
  save(input: ApiParsedInput<'visits.save'>, author: StaffUser): { encounterId: string; savedAt: string };
}

export interface SchedulePort {
  /** Appointments starting in [fromIso, toIso), ordered by start. */
  appointments(fromIso: string, toIso: string): AppointmentRow[];
}

/**
 * The registrar's desk (workstation scheduling port): reads the replica's Schedules, Slots and
 * Appointments; every command writes locally at once and queues its mutation in the same
 * transaction (`book`, `cancel`, `update`, `create`), so it works offline. Central decides: a
 * booking it refuses comes back as a DeskRefusal. Throws ServiceError for what is refused here.
 */
export interface DeskSchedulePort {
  directory(): ScheduleDirectory;
  view(query: ApiParsedInput<'schedule.view'>): ScheduleView;
  nextFree(query: ApiParsedInput<'schedule.nextFree'>): FreeSlot[];
  /** A new Appointment for the slot, pending until Central confirms it (a `book` mutation). */
  book(input: DeskBookInput, author: StaffUser): DeskAppointment;
  /** Cancelled here at once, the slot free again locally (a `cancel` mutation). */
  cancel(input: DeskCancelInput, author: StaffUser): DeskAppointment;
  /** Books the new slot; the old booking is cancelled only once Central confirms the new one. */
  reschedule(input: DeskRescheduleInput, author: StaffUser): DeskAppointment;
  mark(input: ApiParsedInput<'schedule.mark'>, author: StaffUser): DeskAppointment;
  walkIns(date: string): WalkInEntry[];
  addWalkIn(input: ApiParsedInput<'schedule.addWalkIn'>, author: StaffUser): WalkInEntry;
  walkInAction(input: ApiParsedInput<'schedule.walkInAction'>, author: StaffUser): WalkInEntry;
  preventiveDue(input: ApiParsedInput<'schedule.preventiveDue'>): PreventiveDueList;
  /** Bookings made here that Central refused and nobody has resolved yet. */
  refusals(): DeskRefusal[];
  /** The patient of an appointment on this workstation; null when it is not here. */
  patientOfAppointment(appointmentId: string): string | null;
}

export interface Icd10Port {
  search(query: string, limit: number): Promise<Icd10Code[]> | Icd10Code[];
}

/**
 * The sync engine as the UI sees it (src-main/sync implements it): status, a push/pull now, the
 * inbox of refusals and conflicts, and a signal when anything changes.
 */
export interface SyncPort {
  status(): SyncStatus;
  syncNow(): Promise<SyncStatus>;
  inbox(): InboxItem[];
  /** Local (the inbox is in this store), so it can share a transaction with a desk command. */
  resolve(id: string, choice: 'keep-local' | 'keep-central' | 'dismiss'): void;
  /** Returns the function that stops listening. `patientIds` null means "anything may have changed". */
  onChange(listener: (change: { status: SyncStatus; patientIds: string[] | null }) => void): () => void;
}

export interface SettingsPort {
  get(): Settings;
  set(patch: Partial<Settings>): Settings;
}

/** Local AuditEvents (IHE BALP), written first locally and synchronised like any change. */
export interface AuditPort {
  /** outcome 'failure': a refused act about the patient (Central's outcome '4'); success when left out. */
  record(event: { action: 'search' | 'read' | 'create' | 'update'; user: StaffUser; patientId?: string; query?: string; breakGlassReason?: string; outcome?: 'success' | 'failure' }): void;
}

/**
 * Sick-leave certificates: each step queued locally at once as a `sick-leave` mutation (offline
 * too); the list refreshed from Central when it can be reached. Throws ServiceError for a step the
 * Fund's rules refuse.
 */
export interface SickLeavePort {
  list(patientId: string): Promise<SickLeaveList>;
  open(input: SickLeaveOpenInput, author: StaffUser): SickLeaveCertificate;
  change(input: SickLeaveChangeInput, author: StaffUser): SickLeaveCertificate;
  /** The patient of a certificate this workstation knows (opened here or listed by Central); null otherwise. */
  patientOfCertificate(certificateId: string): string | null;
}

/** A schedule definition as the workstation API parsed it (defaults filled in). */
export type ParsedSaveDefinition = ApiParsedInput<'schedule.saveDefinition'>;

/**
 * Central's schedule definitions and rebook list, online only (a clinic administrator's work
 * changes Central's definitions; Central enforces the role). Throws ServiceError('unavailable')
 * when Central cannot be reached, and Central's own refusal otherwise.
 */
export interface ScheduleAdminPort {
  definitions(): Promise<ScheduleDefinition[]>;
  /** Saves and has Central regenerate the slots; bookings whose slot left go to the rebook list. */
  save(input: ParsedSaveDefinition): Promise<SaveDefinitionOutput>;
  rebookList(): Promise<RebookItem[]>;
  /** The clinic's doctors and places a schedule may be for (Central answers for the token's clinic). */
  choices(): Promise<ScheduleChoices>;
}

export interface WorkstationPorts {
  session: SessionPort;
  patients: PatientStorePort;
  register: PopulationRegisterPort;
  remote: RemotePatientPort;
  chart: ChartPort;
  visits: VisitPort;
  schedule: SchedulePort;
  desk: DeskSchedulePort;
  icd10: Icd10Port;
  sync: SyncPort;
  settings: SettingsPort;
  audit: AuditPort;
  sickLeave: SickLeavePort;
  scheduleAdmin: ScheduleAdminPort;
  /** The workstation's clock: tests pin it. */
  now(): Date;
  /**
   * Runs `act` as one local transaction: a write and its AuditEvent commit together or not at all,
   * so a crash between two commits can never send the write to Central without its audit. The
   * ports' own transactions inside it become savepoints of this one. `act` is synchronous: await
   * anything remote (the population register) before.
   */
  atomically<T>(act: () => T): T;
}
