import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Enrolment } from '../db/enrolment.js';
import type { LocalStore } from '../db/local-store.js';
import type { KeyWrapper } from '../keys/key-wrapper.js';
import { PopulationRegisterViaCentral } from '../registers/population.js';
import { isAllowed } from '../../shared/domain/access.js';
import { createHandlerMap, type HandlerMap } from '../services/handler-map.js';
import { warmUpChartCode } from '../services/store/chart-warm-up.js';
import { CentralAuth } from '../session/central-auth.js';
import { centralCaller } from '../session/central-http.js';
import { DeviceTokens } from '../session/device-tokens.js';
import { enrolWorkstation, type EnrolmentSummary } from '../session/enrol.js';
import { WorkstationSession } from '../session/session.js';
import type { SyncEngineOptions } from '../sync/engine.js';
import { buildPorts } from './build-ports.js';
import { CliSession } from './cli-session.js';
import { HostSync } from './host-sync.js';
import { chooseKeySourceFor, type KeySource } from './key-source.js';
import { Maintenance } from './maintenance.js';
import { SettingsFile } from './settings-file.js';
import { StoreKeeper } from './store-keeper.js';

export const DEFAULT_CENTRAL_URL = 'http://127.0.0.1:8080';
const IDLE_CHECK_MS = 5_000;

export interface WorkstationOptions {
  /** The data folder: the encrypted store, its key material and the settings. */
  dataDir: string;
  /** Central's address; defaults to the one enrolled with, then MEDKARTA_CENTRAL_URL, then 127.0.0.1:8080. */
  centralUrl?: string;
  /** Headless: the database key is derived from this passphrase instead of a key file. */
  passphrase?: string;
  /** Electron: safeStorage as a KeyWrapper (a Linux basic_text backend is refused and askPassphrase used). */
  keyWrapper?: KeyWrapper;
  askPassphrase?: (reason: string) => Promise<string>;
  now?: () => Date;
  fetch?: typeof fetch;
  log?: (message: string, error?: unknown) => void;
  /** Run the sync engine, the idle lock and the after-sync work on their own (default true; the CLI and tests drive them). */
  background?: boolean;
  /** Sync engine settings (poll intervals, change notices, backoff). */
  sync?: Partial<Omit<SyncEngineOptions, 'store' | 'clientId' | 'centralUrl' | 'accessToken'>>;
}

export interface Workstation {
  handlers: HandlerMap;
  session: WorkstationSession;
  sync: HostSync;
  maintenance: Maintenance;
  cli: CliSession;
  keySource: KeySource['kind'];
  centralUrl(): string;
  /** The open store (throws while the screen is locked). */
  store(): LocalStore;
  enrolment(): Omit<Enrolment, 'deviceSecret'> | null;
  /** Enrols this workstation with Central using a clinic administrator's credentials. */
  enrol(input: { username: string; password: string; display: string }): Promise<EnrolmentSummary>;
  close(): Promise<void>;
}

/**
 * The workstation host: opens the encrypted store, composes the session, the ports, the sync
 * engine and the handler map. Electron, browser mode, the CLI and the tests all start here.
 */
export async function openWorkstation(options: WorkstationOptions): Promise<Workstation> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[workstation] ${message}`, error ?? ''));
  const background = options.background ?? true;
  const settings = new SettingsFile(join(options.dataDir, 'settings.json'), log);
  const source = chooseKeySourceFor(options);
  const keeper = new StoreKeeper(join(options.dataDir, 'store.db'), source);
  let enrolment = (await keeper.open()).enrolment.get();

  const centralUrl = () => options.centralUrl ?? enrolment?.centralUrl ?? process.env.MEDKARTA_CENTRAL_URL ?? DEFAULT_CENTRAL_URL;
  const call = centralCaller(centralUrl, options.fetch);
  const auth = new CentralAuth(call);
  const session = new WorkstationSession({ store: keeper, auth, settings, now, enrolment: () => enrolment });
  const deviceTokens = new DeviceTokens(auth, () => enrolment, now);
  const sync = new HostSync({
    ...options.sync,
    centralUrl,
    background,
    accessToken: () => deviceTokens.accessToken(),
    onUnauthorized: () => deviceTokens.forget(),
    now,
    log,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const register = new PopulationRegisterViaCentral(call, () => session.accessToken());
  const maintenance = new Maintenance({ store: () => keeper.current(), session, register, call, now, log });

  // The engine lives while the store is open and the workstation enrolled.
  const attach = (store: LocalStore | null) => (store && enrolment ? sync.attach(store, enrolment.deviceId) : sync.detach());
  keeper.onChange(attach);
  attach(keeper.current());

  let lastSyncAt: string | null = null;
  if (background) {
    session.onChange((status) => status.state === 'active' && void maintenance.run());
    // A person who may open charts will open one soon: the first would otherwise run the chart's
    // code cold (tens of ms), so it is compiled now, while the day's list is being looked at.
    session.onChange((status) => {
      if (status.state !== 'active' || !status.user || !isAllowed([status.user.role], 'read', 'Encounter')) return;
      warmUpChartCode(now().toISOString().slice(0, 10)).catch((error: unknown) => log('chart warm-up failed', error));
    });
    sync.onChange(({ status }) => {
      if (status.lastSyncAt === lastSyncAt || !session.currentProfile()) return;
      lastSyncAt = status.lastSyncAt;
      void maintenance.run();
    });
  }
  const idleTimer = background ? setInterval(() => session.checkIdle(), IDLE_CHECK_MS) : undefined;
  idleTimer?.unref();

  const handlers = createHandlerMap(buildPorts({ keeper, session, sync, settings, call, now }), log);
  const cli = new CliSession({ store: () => keeper.require(), session, auth, now });
  const withoutSecret = (e: Enrolment | null) => {
    if (!e) return null;
    const { deviceSecret: _secret, ...rest } = e;
    return rest;
  };

  return {
    handlers,
    session,
    sync,
    maintenance,
    cli,
    keySource: source.kind,
    centralUrl,
    store: () => keeper.require(),
    enrolment: () => withoutSecret(enrolment),
    async enrol(input) {
      const summary = await enrolWorkstation({ auth, store: keeper.require(), centralUrl: centralUrl(), now }, input);
      enrolment = keeper.require().enrolment.get();
      attach(keeper.current());
      return summary;
    },
    async close() {
      clearInterval(idleTimer);
      await sync.stop();
      keeper.close();
    },
  };
}
