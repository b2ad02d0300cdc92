import type { Patient, Resource } from '@medplum/fhirtypes';
import { z } from 'zod';
import type { PatientSummary } from '../../../shared/api/patients.js';
import type { StaffUser } from '../../../shared/api/session.js';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { isOperationOutcomeError } from '../../../shared/fhir/outcomes.js';
import { fetchPatientResponseSchema } from '../../../shared/sync/protocol.js';
import { PROTOCOL_VERSION } from '../../../shared/sync/version.js';
import type { LocalStore } from '../../db/local-store.js';
import type { CentralCall } from '../../session/central-http.js';
import { CentralUnreachableError } from '../../session/central-http.js';
import { ServiceError } from '../errors.js';
import type { RemotePatientPort } from '../ports.js';

const SearchBundleSchema = z.object({
  resourceType: z.literal('Bundle'),
  entry: z.array(z.object({ resource: z.object({ resourceType: z.string(), id: z.string() }).passthrough().optional() })).optional(),
});

/** Days Central keeps a fetched patient in this workstation's scope, so the copy stays current while it is needed. */
export const FETCH_PIN_DAYS = 7;

/**
 * Break-the-glass: a patient outside the scope, found at Central by personal number and fetched
 * whole with the stated reason, under the person's own token so Central's audit trail names them.
 * The record is kept (pinned for a week at Central, so the feed keeps it current, then it leaves).
 */
export class RemotePatients implements RemotePatientPort {
  constructor(
    private readonly deps: {
      store: () => LocalStore;
      call: CentralCall;
      accessToken: () => Promise<string | null>;
      clientId: () => string;
      now: () => Date;
      summary: (store: LocalStore, patient: Patient) => PatientSummary;
      changed: (patientId: string) => void;
    },
  ) {}

  async fetch(personalNumber: string, reason: string, user: StaffUser): Promise<PatientSummary> {
    const token = await this.deps.accessToken();
    if (!token) throw new ServiceError('unavailable', 'Fetching a record from Central needs the network (and an online login)');
    let resources: Resource[];
    try {
      const found = await this.deps.call(`/fhir/Patient?identifier=${encodeURIComponent(`${SYSTEMS.personalNumber}|${personalNumber}`)}&_count=2`, { token, schema: SearchBundleSchema });
      const patientId = found.entry?.find((e) => e.resource?.resourceType === 'Patient')?.resource?.id;
      if (!patientId) throw new ServiceError('not-found', 'Central has no patient with this personal number', 'personalNumber');
      const body = { protocolVersion: PROTOCOL_VERSION, clientId: this.deps.clientId(), patientId, reason, pinDays: FETCH_PIN_DAYS };
      ({ resources } = await this.deps.call('/sync/fetch-patient', { body, token, schema: fetchPatientResponseSchema, timeoutMs: 60_000 }));
    } catch (error) {
      if (error instanceof CentralUnreachableError) throw new ServiceError('unavailable', error.message);
      if (isOperationOutcomeError(error) && error.status === 403) throw new ServiceError('forbidden', error.message);
      throw error;
    }
    const patient = resources.find((r): r is Patient & { id: string } => r.resourceType === 'Patient');
    if (!patient) throw new ServiceError('not-found', 'Central sent no Patient for this personal number');
    const store = this.deps.store();
    store.transaction(() => {
      store.resources.upsertMany(resources);
      store.pinned.pin(patient.id, user.id, this.deps.now());
      store.fetchedPatients.record({ patientId: patient.id, fetchedAt: this.deps.now().toISOString(), fetchedBy: user.id, reason });
    });
    this.deps.changed(patient.id);
    return this.deps.summary(store, store.resources.get<Patient>('Patient', patient.id) ?? patient);
  }
}
