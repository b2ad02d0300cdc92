import { contextBridge, ipcRenderer } from 'electron';
import type { MedkartaBridge } from '../../shared/api/bridge.js';
import { BRIDGE_GLOBAL } from '../../shared/api/bridge.js';
import type { ApiEvent, ApiMethod } from '../../shared/api/methods.js';
import { eventChannel, isApiEvent, methodChannel } from '../../shared/api/methods.js';
import type { ApiResult } from '../../shared/api/result.js';

/**
 * The page gets one function per named API method and a subscription to the named events: no
 * ipcRenderer, no generic send, no channel names chosen by the page. Main checks every call again.
 */
const invoke =
  (method: ApiMethod) =>
  (input: unknown): Promise<ApiResult<unknown>> =>
    ipcRenderer.invoke(methodChannel(method), input) as Promise<ApiResult<unknown>>;

function subscribe(event: ApiEvent, listener: (payload: unknown) => void): () => void {
  if (!isApiEvent(event) || typeof listener !== 'function') throw new TypeError('Unknown event');
  const channel = eventChannel(event);
  // The IpcRendererEvent (with its sender) never reaches the page: only the payload does.
  const forward = (_event: unknown, payload: unknown) => listener(payload);
  ipcRenderer.on(channel, forward);
  return () => {
    ipcRenderer.removeListener(channel, forward);
  };
}

const bridge = {
  'session.status': invoke('session.status'),
  'session.login': invoke('session.login'),
  'session.lock': invoke('session.lock'),
  'session.unlock': invoke('session.unlock'),
  'session.logout': invoke('session.logout'),
  'patients.search': invoke('patients.search'),
  'patients.lookupRegister': invoke('patients.lookupRegister'),
  'patients.register': invoke('patients.register'),
  'patients.fetchRemote': invoke('patients.fetchRemote'),
  'chart.get': invoke('chart.get'),
  'visits.save': invoke('visits.save'),
  'day.list': invoke('day.list'),
  'schedule.directory': invoke('schedule.directory'),
  'schedule.view': invoke('schedule.view'),
  'schedule.nextFree': invoke('schedule.nextFree'),
  'schedule.book': invoke('schedule.book'),
  'schedule.cancel': invoke('schedule.cancel'),
  'schedule.reschedule': invoke('schedule.reschedule'),
  'schedule.mark': invoke('schedule.mark'),
  'schedule.walkIns': invoke('schedule.walkIns'),
  'schedule.addWalkIn': invoke('schedule.addWalkIn'),
  'schedule.walkInAction': invoke('schedule.walkInAction'),
  'schedule.preventiveDue': invoke('schedule.preventiveDue'),
  'schedule.refusals': invoke('schedule.refusals'),
  'schedule.resolveRefusal': invoke('schedule.resolveRefusal'),
  'schedule.definitions': invoke('schedule.definitions'),
  'schedule.saveDefinition': invoke('schedule.saveDefinition'),
  'schedule.rebookList': invoke('schedule.rebookList'),
  'schedule.definitionChoices': invoke('schedule.definitionChoices'),
  'icd10.search': invoke('icd10.search'),
  'sync.status': invoke('sync.status'),
  'sync.now': invoke('sync.now'),
  'inbox.list': invoke('inbox.list'),
  'inbox.resolve': invoke('inbox.resolve'),
  'settings.get': invoke('settings.get'),
  'settings.set': invoke('settings.set'),
  'sickLeave.list': invoke('sickLeave.list'),
  'sickLeave.open': invoke('sickLeave.open'),
  'sickLeave.change': invoke('sickLeave.change'),
  subscribe,
} satisfies MedkartaBridge;

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
