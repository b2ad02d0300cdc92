/**
 * The names of the workstation API's methods and events, and nothing else: the preload imports
 * this file alone, so its bundle carries no schemas and no logic. contract.ts checks at compile
 * time that these lists and the schemas name exactly the same methods.
 */
export const API_METHODS = [
  'session.status',
  'session.login',
  'session.lock',
  'session.unlock',
  'session.logout',
  'patients.search',
  'patients.lookupRegister',
  'patients.register',
  'patients.fetchRemote',
  'chart.get',
  'visits.save',
  'day.list',
  'schedule.directory',
  'schedule.view',
  'schedule.nextFree',
  'schedule.book',
  'schedule.cancel',
  'schedule.reschedule',
  'schedule.mark',
  'schedule.walkIns',
  'schedule.addWalkIn',
  'schedule.walkInAction',
  'schedule.preventiveDue',
  'schedule.refusals',
  'schedule.resolveRefusal',
  'schedule.definitions',
  'schedule.saveDefinition',
  'schedule.rebookList',
  'schedule.definitionChoices',
  'icd10.search',
  'sync.status',
  'sync.now',
  'inbox.list',
  'inbox.resolve',
  'settings.get',
  'settings.set',
  'sickLeave.list',
  'sickLeave.open',
  'sickLeave.change',
] as const;
export type ApiMethod = (typeof API_METHODS)[number];

/** Pushed from main to the renderer when something changes, so screens refresh without polling. */
export const API_EVENTS = ['session.changed', 'sync.changed', 'data.changed'] as const;
export type ApiEvent = (typeof API_EVENTS)[number];

export function isApiMethod(name: string): name is ApiMethod {
  return (API_METHODS as readonly string[]).includes(name);
}
export function isApiEvent(name: string): name is ApiEvent {
  return (API_EVENTS as readonly string[]).includes(name);
}

/** IPC channel names: one per method and per event, never a generic channel. */
export const methodChannel = (method: ApiMethod) => `medkarta:api:${method}`;
export const eventChannel = (event: ApiEvent) => `medkarta:event:${event}`;
