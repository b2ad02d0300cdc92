import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS, methodChannel } from '../../shared/api/methods.js';
import type { HandlerMap } from '../services/handler-map.js';
import { registerIpcHandlers } from '../transport/ipc.js';
import type { IpcInvokeEvent } from '../transport/ipc.js';
import { isAllowedExternalUrl } from './external-links.js';

/**
 * The shell's rules, with Electron replaced by recorders: what every web contents may do
 * (navigate, open windows, attach webviews, ask for permissions) and who may call the API.
 */
type Listener = (...args: unknown[]) => void;
const appListeners = new Map<string, Listener>();
const opened: string[] = [];
const handlers: Record<string, unknown> = {};

vi.mock('electron', () => ({
  app: { on: (event: string, listener: Listener) => appListeners.set(event, listener) },
  shell: { openExternal: (url: string) => opened.push(url) },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (f: unknown) => (handlers.request = f),
      setPermissionCheckHandler: (f: unknown) => (handlers.check = f),
      setDevicePermissionHandler: (f: unknown) => (handlers.device = f),
    },
  },
  protocol: { registerSchemesAsPrivileged: () => {}, handle: () => {} },
}));

/** A web contents as far as harden.ts touches it. */
function fakeContents() {
  const events = new Map<string, Listener>();
  let openHandler: (details: { url: string }) => { action: string } = () => ({ action: 'allow' });
  return {
    on: (event: string, listener: Listener) => events.set(event, listener),
    setWindowOpenHandler: (f: typeof openHandler) => (openHandler = f),
    fire(event: string, url?: string) {
      let prevented = false;
      events.get(event)?.({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    },
    open: (url: string) => openHandler({ url }),
  };
}

let contents: ReturnType<typeof fakeContents>;
beforeAll(async () => {
  const { hardenApp, denyAllPermissions } = await import('./harden.js');
  hardenApp();
  denyAllPermissions();
  contents = fakeContents();
  appListeners.get('web-contents-created')!({}, contents);
});

describe('every web contents', () => {
  it('stays on the app’s own origin', () => {
    expect(contents.fire('will-navigate', 'app://medkarta/index.html')).toBe(false);
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(contents.fire('will-attach-webview')).toBe(true);
  });

  it('never opens a window; allowed links go to the system browser, others nowhere', () => {
    expect(contents.open('https://minzdrav.gov.by/ru/')).toEqual({ action: 'deny' });
    expect(contents.open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(contents.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://minzdrav.gov.by/ru/']);
  });

  it('is refused every permission', () => {
    let granted: boolean | undefined;
    (handlers.request as (c: unknown, p: string, cb: (ok: boolean) => void) => void)({}, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect((handlers.check as () => boolean)()).toBe(false);
    expect((handlers.device as () => boolean)()).toBe(false);
  });
});

describe('external links', () => {
  it('allow HTTPS to the listed hosts only', () => {
    expect(isAllowedExternalUrl('https://icd.who.int/browse10')).toBe(true);
    expect(isAllowedExternalUrl('http://minzdrav.gov.by/')).toBe(false);
    expect(isAllowedExternalUrl('https://minzdrav.gov.by.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@medkarta.by/')).toBe(false);
  });
});

describe('IPC', () => {
  it('registers one channel per method and checks the sender frame on every call', async () => {
    const registered = new Map<string, (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>>();
    const calls: string[] = [];
    const map: HandlerMap = { call: async (method) => (calls.push(method), { ok: true, value: 'done' }), subscribe: () => () => {} };
    registerIpcHandlers({ handle: (channel, listener) => registered.set(channel, listener), removeHandler: () => {} }, map, 'app://medkarta');
    expect([...registered.keys()].sort()).toEqual(API_METHODS.map(methodChannel).sort());
    const chart = registered.get(methodChannel('chart.get'))!;
    expect(await chart({ senderFrame: { url: 'app://medkarta/index.html' } }, { patientId: 'p1' })).toEqual({ ok: true, value: 'done' });
    for (const url of ['https://evil.example/', 'file:///index.html', 'app://other/index.html']) {
      expect(await chart({ senderFrame: { url } }, { patientId: 'p1' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await chart({ senderFrame: null }, {})).toMatchObject({ ok: false });
    expect(calls).toEqual(['chart.get']);
  });
});
