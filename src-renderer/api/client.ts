import type { MedkartaBridge } from '../../shared/api/bridge.js';
import { createApiClient } from '../../shared/api/client.js';
import { createHttpBridge } from './http-bridge.js';

declare global {
  interface Window {
    medkarta?: MedkartaBridge;
  }
}

/** Electron's preload installed the bridge already; in browser mode we build the same one over HTTP. */
function bridge(): MedkartaBridge {
  if (window.medkarta) return window.medkarta;
  const token = document.querySelector<HTMLMetaElement>('meta[name="medkarta-token"]')?.content ?? '';
  return createHttpBridge(token);
}

const installed = bridge();
export const api = createApiClient(
  (method, input) => installed[method](input),
  (event, listener) => installed.subscribe(event, listener),
);
