import type { MedkartaBridge } from '../../shared/api/bridge.js';
import type { ApiEvent, ApiMethod } from '../../shared/api/methods.js';
import { API_METHODS, isApiEvent } from '../../shared/api/methods.js';
import type { ApiResult } from '../../shared/api/result.js';

/**
 * Browser mode's bridge: the same shape the Electron preload exposes, over POST /api/<method> on our
 * own origin with the per-launch token the host put into the page.
 */
export function createHttpBridge(token: string): MedkartaBridge {
  const headers = { 'Content-Type': 'application/json', 'X-Medkarta-Token': token };

  const invoke =
    (method: ApiMethod) =>
    async (input: unknown): Promise<ApiResult<unknown>> => {
      try {
        const response = await fetch(`/api/${method}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}), credentials: 'omit' });
        if (!response.ok) return { ok: false, error: { code: 'unavailable', message: `HTTP ${response.status}` } };
        return (await response.json()) as ApiResult<unknown>;
      } catch {
        return { ok: false, error: { code: 'unavailable', message: 'The workstation service does not answer' } };
      }
    };

  const listeners = new Map<ApiEvent, Set<(payload: unknown) => void>>();
  let streaming = false;
  async function stream() {
    streaming = true;
    for (;;) {
      try {
        const response = await fetch('/api/events', { headers: { 'X-Medkarta-Token': token }, credentials: 'omit' });
        const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            dispatch(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        // The host restarted or the stream dropped: try again shortly.
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
  function dispatch(block: string) {
    const event = /^event: (.+)$/m.exec(block)?.[1];
    const data = /^data: (.+)$/m.exec(block)?.[1];
    if (!event || !data || !isApiEvent(event)) return;
    const payload: unknown = JSON.parse(data);
    listeners.get(event)?.forEach((listener) => listener(payload));
  }

  const methods = Object.fromEntries(API_METHODS.map((method) => [method, invoke(method)])) as Record<ApiMethod, (input: unknown) => Promise<ApiResult<unknown>>>;
  return {
    ...methods,
    subscribe(event, listener) {
      if (!streaming) void stream();
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  } satisfies MedkartaBridge;
}
