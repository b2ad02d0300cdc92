import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS, eventChannel, methodChannel } from '../../shared/api/methods.js';

/**
 * The preload's whole surface, with Electron replaced by a recorder: what the page can reach is
 * exactly what contextBridge.exposeInMainWorld received.
 */
const exposed = new Map<string, unknown>();
const invoked: { channel: string; args: unknown[] }[] = [];
const listening: string[] = [];

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    invoke: (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      return Promise.resolve({ ok: true, value: null });
    },
    on: (channel: string) => listening.push(channel),
    removeListener: () => {},
  },
}));

beforeAll(async () => {
  await import('./preload.js');
});

describe('the preload', () => {
  it('exposes one global, `medkarta`, and nothing else', () => {
    expect([...exposed.keys()]).toEqual(['medkarta']);
  });

  it('exposes exactly the named API methods and subscribe, all of them plain functions', () => {
    const bridge = exposed.get('medkarta') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual([...API_METHODS, 'subscribe'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
    expect(Object.keys(bridge).some((key) => /ipc|send|require|process|sql|exec|invoke/i.test(key))).toBe(false);
  });

  it('sends each method on its own channel with the single argument, nothing more', async () => {
    const bridge = exposed.get('medkarta') as Record<string, (input: unknown) => Promise<unknown>>;
    await bridge['chart.get']!({ patientId: 'p1' });
    expect(invoked.at(-1)).toEqual({ channel: methodChannel('chart.get'), args: [{ patientId: 'p1' }] });
  });

  it('lets the page listen to named events only, never to a channel it chooses', () => {
    const bridge = exposed.get('medkarta') as { subscribe: (event: string, listener: () => void) => () => void };
    const stop = bridge.subscribe('sync.changed', () => {});
    expect(listening).toEqual([eventChannel('sync.changed')]);
    expect(typeof stop).toBe('function');
    expect(() => bridge.subscribe('medkarta:api:chart.get', () => {})).toThrow();
    expect(() => bridge.subscribe('ELECTRON_BROWSER_WINDOW_GET', () => {})).toThrow();
  });
});
