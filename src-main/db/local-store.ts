import type { Resource } from '@medplum/fhirtypes';
import type { DatabaseKey } from '../keys/database-key.js';
import { AppointmentQueries } from './appointments.js';
import { BackgroundCheckpoint } from './background-checkpoint.js';
import { ChartParts } from './chart-parts.js';
import { LocalAuditRepository } from './audit-local.js';
import { EnrolmentRepository } from './enrolment.js';
import { FetchedPatientRepository } from './fetched-patients.js';
import { HostStateRepository } from './host-state.js';
import { Icd10Repository } from './icd10-local.js';
import { InboxRepository } from './inbox.js';
import { migrate } from './migrate.js';
import { openEncryptedDatabase, type SqliteDatabase } from './open.js';
import { OutboxRepository } from './outbox.js';
import { PatientSearch } from './patient-search.js';
import { PendingResources } from './pending-resources.js';
import { PinnedPatientsRepository } from './pinned.js';
import { RegisterCheckRepository } from './register-checks.js';
import type { ResourceRows } from './resource-rows.js';
import { ResourceRepository, type Tombstone, type UpsertResult } from './resources.js';
import { ScheduleQueries } from './schedule-queries.js';
import { SickLeaveRepository } from './sick-leave.js';
import { StaffAccountRepository } from './staff-accounts.js';
import { PULL_CURSOR, SyncStateRepository } from './sync-state.js';

/**
 * The workstation's local store: one encrypted SQLite file and the typed repositories over it.
 * Nothing outside src-main/db sees SQL; callers use these named methods.
 */
export class LocalStore {
  readonly resources: ResourceRepository;
  /** Kept chart parts of large records: written by the upkeep, emptied by the repository's writes. */
  readonly chartParts: ChartParts;
  readonly patients: PatientSearch;
  readonly syncState: SyncStateRepository;
  readonly outbox: OutboxRepository;
  readonly inbox: InboxRepository;
  readonly audit: LocalAuditRepository;
  readonly pinned: PinnedPatientsRepository;
  readonly enrolment: EnrolmentRepository;
  readonly staff: StaffAccountRepository;
  readonly registerChecks: RegisterCheckRepository;
  readonly icd10: Icd10Repository;
  readonly appointments: AppointmentQueries;
  readonly fetchedPatients: FetchedPatientRepository;
  readonly pendingResources: PendingResources;
  readonly hostState: HostStateRepository;
  readonly scheduling: ScheduleQueries;
  readonly sickLeave: SickLeaveRepository;

  private background: BackgroundCheckpoint | null = null;

  private constructor(
    private readonly db: SqliteDatabase,
    // Kept for the background checkpoint's own connection; the connection holds the key anyway.
    private readonly path: string,
    private readonly key: DatabaseKey,
  ) {
    this.chartParts = new ChartParts(db);
    this.resources = new ResourceRepository(db, this.chartParts);
    this.patients = new PatientSearch(db);
    this.syncState = new SyncStateRepository(db);
    this.outbox = new OutboxRepository(db);
    this.inbox = new InboxRepository(db);
    this.audit = new LocalAuditRepository(db);
    this.pinned = new PinnedPatientsRepository(db);
    this.enrolment = new EnrolmentRepository(db);
    this.staff = new StaffAccountRepository(db);
    this.registerChecks = new RegisterCheckRepository(db);
    this.icd10 = new Icd10Repository(db);
    this.appointments = new AppointmentQueries(db);
    this.fetchedPatients = new FetchedPatientRepository(db);
    this.pendingResources = new PendingResources(db);
    this.hostState = new HostStateRepository(db);
    this.scheduling = new ScheduleQueries(db);
    this.sickLeave = new SickLeaveRepository(db);
  }

  static open(path: string, key: DatabaseKey): LocalStore {
    const db = openEncryptedDatabase(path, key);
    try {
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return new LocalStore(db, path, key);
  }

  /**
   * Writes one pulled page and its cursor in one transaction: after a crash either both are there
   * or neither, so the next pull asks again from the old cursor and (versions only moving forward)
   * re-applying the page changes nothing.
   */
  applyPage(resources: readonly Resource[], cursor: string, tombstones: readonly Tombstone[] = [], rows?: ResourceRows): UpsertResult {
    return this.db.transaction(() => {
      const result = this.resources.upsertMany(resources, tombstones, rows);
      this.syncState.set(PULL_CURSOR, cursor);
      return result;
    }).immediate();
  }

  pullCursor(): string | undefined {
    return this.syncState.get(PULL_CURSOR);
  }

  /** Runs several repository calls as one transaction (a local edit and its outbox entry, say). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /** Folds the WAL back into the database file (for example before a backup or at exit). */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /**
   * A long download begins: until it ends, the WAL is copied into the file on another thread
   * (background-checkpoint.ts). The caller tells it of each commit and ends it. Null when one is
   * running already or no thread could be started: the writer then checkpoints for itself, as always.
   */
  checkpointInBackground(): BackgroundCheckpoint | null {
    if (this.background) return null;
    try {
      this.background = new BackgroundCheckpoint(this.db, this.path, this.key, () => (this.background = null));
    } catch {
      // Thrown before the writer's automatic checkpoints were turned off: nothing to restore.
      return null;
    }
    return this.background;
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  /** Folds the WAL in and closes: the key schedule leaves memory with the connection. */
  close(): void {
    if (!this.db.open) return;
    void this.background?.end();
    try {
      this.checkpoint();
    } finally {
      this.db.close();
    }
  }
}
