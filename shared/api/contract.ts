import { z } from 'zod';
import { ChartOutputSchema, ChartGetInputSchema } from './chart-method.js';
import { Empty } from './common.js';
import { DayListInputSchema, DayListOutputSchema } from './day.js';
import {
  AddWalkInInputSchema,
  DeskAppointmentOutputSchema,
  DeskBookInputSchema,
  DeskCancelInputSchema,
  DeskMarkInputSchema,
  DeskPreventiveDueInputSchema,
  DeskPreventiveDueOutputSchema,
  DeskRefusalsOutputSchema,
  DeskRescheduleInputSchema,
  NextFreeInputSchema,
  NextFreeOutputSchema,
  ResolveRefusalInputSchema,
  ResolveRefusalOutputSchema,
  ScheduleDirectoryOutputSchema,
  ScheduleViewInputSchema,
  WalkInActionInputSchema,
  WalkInEntryOutputSchema,
  WalkInsInputSchema,
  WalkInsOutputSchema,
} from './schedule-desk.js';
import { ScheduleViewSchema } from './schedule-views.js';
import { VisitSaveInputSchema, VisitSaveOutputSchema } from './visits.js';
import { Icd10SearchInputSchema, Icd10SearchOutputSchema } from './icd10.js';
import type { ApiEvent, ApiMethod } from './methods.js';
import {
  FetchRemoteInputSchema,
  FetchRemoteOutputSchema,
  LookupRegisterInputSchema,
  LookupRegisterOutputSchema,
  PatientSearchInputSchema,
  PatientSearchOutputSchema,
  RegisterPatientInputSchema,
  RegisterPatientOutputSchema,
} from './patients.js';
import { DefinitionChoicesOutputSchema, RebookListOutputSchema, SaveDefinitionInputSchema, SaveDefinitionOutputSchema, ScheduleDefinitionsOutputSchema } from './schedule-admin.js';
import { LoginInputSchema, SessionStatusSchema, UnlockInputSchema } from './session.js';
import { SettingsSchema, SettingsSetInputSchema } from './settings.js';
import { SickLeaveChangeInputSchema, SickLeaveListInputSchema, SickLeaveListOutputSchema, SickLeaveOpenInputSchema, SickLeaveOutputSchema } from './sick-leave.js';
import { InboxListOutputSchema, InboxResolveInputSchema, InboxResolveOutputSchema, SyncStatusSchema } from './sync.js';

/**
 * The workstation API: one input and one output schema per method. The handler map in
 * src-main/services implements it, the transports carry it, the renderer's client is typed by it.
 */
export const API = {
  'session.status': { input: Empty, output: SessionStatusSchema },
  'session.login': { input: LoginInputSchema, output: SessionStatusSchema },
  'session.lock': { input: Empty, output: SessionStatusSchema },
  'session.unlock': { input: UnlockInputSchema, output: SessionStatusSchema },
  'session.logout': { input: Empty, output: SessionStatusSchema },
  'patients.search': { input: PatientSearchInputSchema, output: PatientSearchOutputSchema },
  'patients.lookupRegister': { input: LookupRegisterInputSchema, output: LookupRegisterOutputSchema },
  'patients.register': { input: RegisterPatientInputSchema, output: RegisterPatientOutputSchema },
  'patients.fetchRemote': { input: FetchRemoteInputSchema, output: FetchRemoteOutputSchema },
  'chart.get': { input: ChartGetInputSchema, output: ChartOutputSchema },
  'visits.save': { input: VisitSaveInputSchema, output: VisitSaveOutputSchema },
  'day.list': { input: DayListInputSchema, output: DayListOutputSchema },
  'schedule.directory': { input: Empty, output: ScheduleDirectoryOutputSchema },
  'schedule.view': { input: ScheduleViewInputSchema, output: ScheduleViewSchema },
  'schedule.nextFree': { input: NextFreeInputSchema, output: NextFreeOutputSchema },
  'schedule.book': { input: DeskBookInputSchema, output: DeskAppointmentOutputSchema },
  'schedule.cancel': { input: DeskCancelInputSchema, output: DeskAppointmentOutputSchema },
  'schedule.reschedule': { input: DeskRescheduleInputSchema, output: DeskAppointmentOutputSchema },
  'schedule.mark': { input: DeskMarkInputSchema, output: DeskAppointmentOutputSchema },
  'schedule.walkIns': { input: WalkInsInputSchema, output: WalkInsOutputSchema },
  'schedule.addWalkIn': { input: AddWalkInInputSchema, output: WalkInEntryOutputSchema },
  'schedule.walkInAction': { input: WalkInActionInputSchema, output: WalkInEntryOutputSchema },
  'schedule.preventiveDue': { input: DeskPreventiveDueInputSchema, output: DeskPreventiveDueOutputSchema },
  'schedule.refusals': { input: Empty, output: DeskRefusalsOutputSchema },
  'schedule.resolveRefusal': { input: ResolveRefusalInputSchema, output: ResolveRefusalOutputSchema },
  'schedule.definitions': { input: Empty, output: ScheduleDefinitionsOutputSchema },
  'schedule.saveDefinition': { input: SaveDefinitionInputSchema, output: SaveDefinitionOutputSchema },
  'schedule.rebookList': { input: Empty, output: RebookListOutputSchema },
  'schedule.definitionChoices': { input: Empty, output: DefinitionChoicesOutputSchema },
  'icd10.search': { input: Icd10SearchInputSchema, output: Icd10SearchOutputSchema },
  'sync.status': { input: Empty, output: SyncStatusSchema },
  'sync.now': { input: Empty, output: SyncStatusSchema },
  'inbox.list': { input: Empty, output: InboxListOutputSchema },
  'inbox.resolve': { input: InboxResolveInputSchema, output: InboxResolveOutputSchema },
  'settings.get': { input: Empty, output: SettingsSchema },
  'settings.set': { input: SettingsSetInputSchema, output: SettingsSchema },
  'sickLeave.list': { input: SickLeaveListInputSchema, output: SickLeaveListOutputSchema },
  'sickLeave.open': { input: SickLeaveOpenInputSchema, output: SickLeaveOutputSchema },
  'sickLeave.change': { input: SickLeaveChangeInputSchema, output: SickLeaveOutputSchema },
} as const satisfies Record<ApiMethod, { input: z.ZodType; output: z.ZodType }>;

/** Compile-time check: methods.ts and the schemas name the same methods, in both directions. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const METHODS_MATCH: Same<keyof typeof API, ApiMethod> = true;

export const EVENTS = {
  'session.changed': SessionStatusSchema,
  'sync.changed': SyncStatusSchema,
  /** Local data changed (a pull applied, a visit saved elsewhere): refetch what is on screen. */
  'data.changed': z.object({ patientIds: z.array(z.string()).nullable() }),
} as const satisfies Record<ApiEvent, z.ZodType>;

/** What a caller passes (defaults may be left out) and what a handler receives (defaults applied). */
export type ApiInput<M extends ApiMethod> = z.input<(typeof API)[M]['input']>;
export type ApiParsedInput<M extends ApiMethod> = z.output<(typeof API)[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<(typeof API)[M]['output']>;
export type ApiEventPayload<E extends ApiEvent> = z.output<(typeof EVENTS)[E]>;
