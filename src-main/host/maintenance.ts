import type { LocalStore } from '../db/local-store.js';
import { HOST_KEYS } from '../db/host-state.js';
import { CLUSTER_PER_RUN, clusterScatteredRecords } from '../db/record-clustering.js';
import { recheckPendingRegistrations, type RecheckResult } from '../registers/recheck.js';
import { buildChartParts, CHART_PARTS_PER_RUN } from '../services/store/chart-parts.js';
import type { PopulationRegisterPort } from '../services/ports.js';
import { authorOf } from '../services/store/author.js';
import { pullIcd10 } from '../services/store/icd10.js';
import type { CentralCall } from '../session/central-http.js';
import type { WorkstationSession } from '../session/session.js';

/** The local ICD-10 copy is pulled again after this long (the Ministry publishes a few times a year). */
const ICD10_MAX_AGE_MS = 30 * 86_400_000;

/**
 * How often the upkeep looks over the whole patient index for large records (scattered, or with no
 * kept chart part yet) while the last look left none: the look reads the whole index (about 90 ms
 * for 500,000 resources), and such records appear only over thousands of later writes, while a
 * sync can end every few seconds. Kept parts a write emptied are found cheaply every run.
 */
const LARGE_RECORD_LOOK_EVERY_MS = 15 * 60_000;

/**
 * Work kept off any request's path, run after a login and after each sync that reached Central:
 * large patient records whose rows lie scattered among other patients' put back together (local,
 * a short transaction per record), the kept chart parts of large records built where missing or
 * outdated (local, one record per event-loop turn), then what needs a person's token and the network:
 * population-register checks left pending, and the ICD-10 copy when it is missing or old. One run
 * at a time; a failure is logged and tried again next time.
 */
export class Maintenance {
  private running: Promise<void> | null = null;
  private nextLargeRecordLookAt = 0;

  constructor(
    private readonly deps: {
      store: () => LocalStore | null;
      session: WorkstationSession;
      register: PopulationRegisterPort;
      call: CentralCall;
      now: () => Date;
      log: (message: string, error?: unknown) => void;
    },
  ) {}

  /** Starts a run unless one is going; resolves when it ends. */
  run(): Promise<void> {
    this.running ??= this.once().finally(() => (this.running = null));
    return this.running;
  }

  async recheckRegistrations(): Promise<RecheckResult | null> {
    const { session, register, now } = this.deps;
    if (!session.currentProfile() || !this.deps.store()) return null;
    const store = () => {
      const open = this.deps.store();
      if (!open) throw new Error('The store closed during the register check');
      return open;
    };
    return recheckPendingRegistrations({ store, register, now, author: () => authorOf(session.currentProfile()) });
  }

  /** Pulls ICD-10 when the copy is empty or old; returns the number of codes, or null when it did not run. */
  async refreshIcd10(force = false): Promise<number | null> {
    const store = this.deps.store();
    const token = await this.deps.session.accessToken();
    if (!store || !token) return null;
    const pulledAt = store.hostState.get(HOST_KEYS.icd10PulledAt);
    const fresh = pulledAt && this.deps.now().getTime() - Date.parse(pulledAt) < ICD10_MAX_AGE_MS && store.icd10.count() > 0;
    if (fresh && !force) return null;
    const entries = await pullIcd10(this.deps.call, token);
    const open = this.deps.store();
    if (!open || entries.length === 0) return null;
    open.icd10.replaceAll(entries);
    open.hostState.set(HOST_KEYS.icd10PulledAt, this.deps.now().toISOString());
    return entries.length;
  }

  private async once(): Promise<void> {
    await this.upkeepLargeRecords();
    try {
      await this.recheckRegistrations();
    } catch (error) {
      this.deps.log('register recheck failed', error);
    }
    try {
      await this.refreshIcd10();
    } catch (error) {
      this.deps.log('ICD-10 pull failed', error);
    }
  }

  /**
   * The local part of the upkeep, which needs nobody logged in: large scattered records clustered
   * (db/record-clustering.ts) so their first opening reads few pages, and kept chart parts built
   * (services/store/chart-parts.ts) where a write emptied them or, at a look, where missing;
   * the look over the whole index only every LARGE_RECORD_LOOK_EVERY_MS, unless the last one left
   * a full batch.
   */
  async upkeepLargeRecords(): Promise<void> {
    const now = this.deps.now().getTime();
    const look = now >= this.nextLargeRecordLookAt;
    let fullBatch = false;
    try {
      if (look) fullBatch = (await clusterScatteredRecords(() => this.deps.store()?.resources ?? null)).length >= CLUSTER_PER_RUN;
    } catch (error) {
      this.deps.log('clustering scattered records failed', error);
    }
    try {
      if ((await buildChartParts(() => this.deps.store(), look, this.deps.now)).length >= CHART_PARTS_PER_RUN) fullBatch = true;
    } catch (error) {
      this.deps.log('building chart parts failed', error);
    }
    if (look && !fullBatch) this.nextLargeRecordLookAt = now + LARGE_RECORD_LOOK_EVERY_MS;
  }
}
