import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkstation, type Workstation } from '../../../src-main/host/workstation.js';
import { startBrowserHost, type BrowserHost } from '../../../src-main/transport/http.js';
import { DEMO_PASSWORD } from './central.js';
import { ensureRendererBuilt } from './renderer.js';

/**
 * A clinic workstation in browser mode, as `npm run web` runs it: its own encrypted store in a
 * folder of its own, enrolled with Central by the clinic administrator, the renderer served on
 * 127.0.0.1. `network.cut()` pulls its cable (Central stays up for the others).
 */
export interface BrowserWorkstation {
  url: string;
  workstation: Workstation;
  host: BrowserHost;
  network: { cut(): void; restore(): void };
  close(): Promise<void>;
}

export async function startBrowserWorkstation(centralUrl: string, display: string): Promise<BrowserWorkstation> {
  const rendererDir = await ensureRendererBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'medkarta-e2e-ws-'));
  let connected = true;
  const cable: typeof fetch = (input, init) => (connected ? fetch(input, init) : Promise.reject(new TypeError('fetch failed: network cable unplugged')));
  const workstation = await openWorkstation({
    dataDir,
    centralUrl,
    passphrase: 'e2e workstation passphrase',
    fetch: cable,
    log: () => {},
    sync: { fallbackPollMs: 1000, pollMs: 5000, backoff: { baseMs: 300, maxMs: 1500 } },
  });
  await workstation.enrol({ username: 'admin', password: DEMO_PASSWORD, display });
  const host = await startBrowserHost({ handlers: workstation.handlers, rendererDir });
  return {
    url: host.url,
    workstation,
    host,
    network: { cut: () => (connected = false), restore: () => (connected = true) },
    async close() {
      await host.close();
      await workstation.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
