import type { Patient } from '@medplum/fhirtypes';
import type { PatientSummary, RegisterPatientInput } from '../../../shared/api/patients.js';
import type { LocalStore } from '../../db/local-store.js';
import type { StaffProfile } from '../../db/staff-accounts.js';
import { authorOf } from './author.js';
import { ServiceError } from '../errors.js';
import type { PatientStorePort } from '../ports.js';
import { newPatient, patientSummary, versionOf } from './patient-resource.js';

export interface StorePatientsDeps {
  store: () => LocalStore;
  now: () => Date;
  organizationId: () => string;
  /** When the record was last brought up to date from Central (the sync engine's last sync). */
  lastSyncAt: () => string | null;
  /** The person working, recorded as the author of the change. */
  profile: () => StaffProfile | null;
}

/** Patients in the local store: search, look-up, and registration saved at once and queued for Central. */
export class StorePatients implements PatientStorePort {
  constructor(private readonly deps: StorePatientsDeps) {}

  search(query: string, limit: number): PatientSummary[] {
    const store = this.deps.store();
    return store.patients
      .search(query, limit)
      .map((hit) => store.resources.get<Patient>('Patient', hit.id))
      .filter((patient): patient is Patient => patient !== undefined)
      .map((patient) => this.summary(store, patient));
  }

  byPersonalNumber(personalNumber: string): PatientSummary | null {
    const store = this.deps.store();
    const id = store.patients.idByPersonalNumber(personalNumber);
    return id ? this.byId(id) : null;
  }

  byId(id: string): PatientSummary | null {
    const store = this.deps.store();
    const patient = store.resources.get<Patient>('Patient', id);
    return patient ? this.summary(store, patient) : null;
  }

  /**
   * Saves the new patient, its outbox entry and its register check in one transaction. The
   * duplicate check runs inside it too: SQLite serialises writers, so two registrations of one
   * personal number (two windows, the CLI) cannot both pass it.
   */
  register(input: RegisterPatientInput, registerCheck: 'confirmed' | 'pending'): PatientSummary {
    const store = this.deps.store();
    const now = this.deps.now();
    const patient = store.transaction(() => {
      if (store.patients.idByPersonalNumber(input.personalNumber)) {
        throw new ServiceError('duplicate', 'A patient with this personal number is already registered', 'personalNumber');
      }
      const created = newPatient(input, this.deps.organizationId(), registerCheck, now);
      store.resources.writeLocal(created);
      store.outbox.enqueue('create', { resource: created }, null, now, authorOf(this.deps.profile()));
      store.registerChecks.add(created.id!, input.personalNumber, registerCheck, now);
      return created;
    });
    return this.summary(store, patient);
  }

  /** The record is local once it is here; "as of" is when Central last confirmed it (none for a patient made here). */
  summary(store: LocalStore, patient: Patient): PatientSummary {
    return patientSummary(patient, { local: true, asOf: recordAsOf(store, patient, this.deps.lastSyncAt()) });
  }
}

export function recordAsOf(store: LocalStore, patient: Patient, lastSyncAt: string | null): string | null {
  if (versionOf(patient) === 0) return null;
  const fetched = store.fetchedPatients.get(patient.id!)?.fetchedAt ?? null;
  if (!fetched) return lastSyncAt;
  if (!lastSyncAt) return fetched;
  return Date.parse(fetched) > Date.parse(lastSyncAt) ? fetched : lastSyncAt;
}
