/**
 * One simulated workstation: its own encrypted store and the real sync engine (src-main), talking
 * to Central through its fault proxy, doing what the parent tells it over IPC. The parent kills
 * it whenever it likes; on the next start it opens the same store and carries on.
 */
import { LocalStore } from '../../src-main/db/local-store.js';
import { parseDatabaseKey } from '../../src-main/keys/database-key.js';
import { createStoreDesk } from '../../src-main/services/store/desk.js';
import { createSyncEngine } from '../../src-main/sync/engine.js';
import { seededRandom, between } from './random.js';
import { randomAction, type Workplace } from './workstation-actions.js';

const env = (name: string) => process.env[name] ?? '';
const skewMs = Number(env('SIM_SKEW_MS'));
const now = () => new Date(Date.now() + skewMs);
const centralUrl = env('SIM_CENTRAL');
const store = LocalStore.open(env('SIM_STORE'), parseDatabaseKey(env('SIM_KEY')));
const random = seededRandom(Number(env('SIM_SEED')));

let token: string | null = null;
async function deviceToken(): Promise<string | null> {
  if (token) return token;
  try {
    const response = await fetch(`${centralUrl}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: env('SIM_DEVICE_ID'), client_secret: env('SIM_DEVICE_SECRET') }).toString(),
      signal: AbortSignal.timeout(5000),
    });
    if (response.ok) token = ((await response.json()) as { access_token: string }).access_token;
  } catch {
    // The network is faulty on purpose: the engine backs off and asks again.
  }
  return token;
}

const engine = createSyncEngine({
  store,
  centralUrl,
  clientId: env('SIM_DEVICE_ID'),
  accessToken: deviceToken,
  onUnauthorized: () => (token = null),
  now,
  random,
  backoff: { baseMs: 50, maxMs: 800 },
  pollMs: 2000,
  fallbackPollMs: 300,
  timeoutMs: 5000,
  // Small batches and pages: more requests, so more of them meet the network's faults.
  pushBatch: 4,
  pullLimit: 15,
  log: (message, error) => process.env.SIM_VERBOSE && console.error(`[${env('SIM_NAME')}] ${message}`, error ?? ''),
});

const workplace: Workplace = {
  name: env('SIM_NAME'),
  deviceId: env('SIM_DEVICE_ID'),
  incarnation: Number(env('SIM_INCARNATION')),
  organizationId: env('SIM_ORG'),
  store,
  engine,
  desk: createStoreDesk({ store: () => store, now, profile: () => null, organizationId: () => env('SIM_ORG'), changed: () => engine.nudge() }),
  random,
  now,
  patients: new Set(env('SIM_PATIENTS').split(',').filter(Boolean)),
  slotIds: env('SIM_SLOTS').split(',').filter(Boolean),
  visitors: env('SIM_VISITORS').split(',').filter(Boolean),
  otherOrganizationId: env('SIM_OTHER_ORG'),
  counter: 0,
};
engine.onChange(({ patientIds }) => patientIds?.forEach((id) => workplace.patients.add(id)));

const commands: Record<string, (message: Record<string, unknown>) => Promise<unknown>> = {
  async work(message) {
    for (let i = 0; i < Number(message.steps); i++) {
      // Reported after the local commit: a kill in between leaves the work on disk, unreported.
      const done = await randomAction(workplace);
      if (done) process.send?.({ type: 'action', ...done });
      await new Promise((resolve) => setTimeout(resolve, between(random, 10, 120)));
    }
    return null;
  },
  /** Stops syncing, commits one local change, and answers: the parent kills us before any push. */
  async commitAndHold() {
    await engine.stop();
    let done = null;
    for (let tries = 0; !done && tries < 10; tries++) done = await randomAction(workplace);
    if (done) process.send?.({ type: 'action', ...done });
    return { action: done?.action ?? null, pending: store.outbox.pendingCount() };
  },
  /** Syncs now, with the engine still running in the background. */
  sync() {
    return engine.syncNow();
  },
  /** Stops the engine and syncs to the end by hand (the network is healed by then). */
  async settle() {
    await engine.stop();
    let status = await engine.syncNow();
    // Healed, but Central may still be starting or throttling token requests (a fixed window of a
    // minute per address, shared by every process here): try for longer than one window.
    for (const deadline = Date.now() + 70_000; Date.now() < deadline && (status.lastError || status.pending > 0); ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = await engine.syncNow();
    }
    return status;
  },
  async close() {
    await engine.stop();
    store.close();
    setImmediate(() => process.exit(0));
    return null;
  },
};

process.on('message', (message: Record<string, unknown>) => {
  const handler = commands[String(message.cmd)];
  if (!handler) return process.send?.({ id: message.id, error: `unknown command ${String(message.cmd)}` });
  handler(message).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: unknown) => process.send?.({ id: message.id, error: error instanceof Error ? error.stack : String(error) }),
  );
});

engine.start();
process.send?.({ type: 'ready' });
