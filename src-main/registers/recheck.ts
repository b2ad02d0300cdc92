import type { Patient } from '@medplum/fhirtypes';
import type { RegisterPerson } from '../../shared/api/patients.js';
import { nameSearchKey } from '../../shared/domain/names.js';
import type { LocalStore } from '../db/local-store.js';
import type { MutationAuthor } from '../db/outbox.js';
import { RegisterUnavailableError, type PopulationRegisterPort } from '../services/ports.js';
import { patientSummary, versionOf, withRegisterCheck } from '../services/store/patient-resource.js';

export interface RecheckResult {
  confirmed: string[];
  notFound: string[];
  mismatch: string[];
  /** True when the register could not be reached: the rest waits for the next run. */
  unavailable: boolean;
}

/**
 * Runs the population-register check again for patients registered while it could not be reached.
 * A confirmed patient's tag is updated locally and the change queued for Central in one
 * transaction. A person the register knows differently is left for a person to look at.
 */
export async function recheckPendingRegistrations(
  deps: { store: () => LocalStore; register: PopulationRegisterPort; now: () => Date; author?: () => MutationAuthor | null },
  batch = 20,
): Promise<RecheckResult> {
  const result: RecheckResult = { confirmed: [], notFound: [], mismatch: [], unavailable: false };
  for (const check of deps.store().registerChecks.pending(batch)) {
    let person: RegisterPerson | null;
    try {
      person = await deps.register.lookup(check.personalNumber);
    } catch (error) {
      if (error instanceof RegisterUnavailableError) {
        result.unavailable = true;
        break;
      }
      throw error;
    }
    // The store may have closed (screen locked) while the register answered: the check waits.
    const store = deps.store();
    const now = deps.now();
    const patient = store.resources.get<Patient>('Patient', check.patientId);
    if (!patient) continue;
    if (!person) {
      store.registerChecks.record(check.patientId, 'not-found', now);
      result.notFound.push(check.patientId);
      continue;
    }
    const differences = differencesFrom(patient, person);
    if (differences.length) {
      store.registerChecks.record(check.patientId, 'mismatch', now, `The register has ${differences.join(', ')}`);
      result.mismatch.push(check.patientId);
      continue;
    }
    store.transaction(() => {
      const confirmed = withRegisterCheck(patient, 'confirmed');
      store.resources.writeLocal(confirmed);
      const base = versionOf(patient);
      store.outbox.enqueue('update', { resource: confirmed }, base > 0 ? base : null, now, deps.author?.() ?? null);
      store.registerChecks.record(check.patientId, 'confirmed', now);
    });
    result.confirmed.push(check.patientId);
  }
  return result;
}

/** What the register says differently (names compared as search keys: case, ё/е and spelling scheme aside). */
function differencesFrom(patient: Patient, person: RegisterPerson): string[] {
  const local = patientSummary(patient, { local: true, asOf: null });
  const differences: string[] = [];
  if (nameSearchKey(local.family) !== nameSearchKey(person.family)) differences.push(`family name ${person.family}`);
  if (nameSearchKey(local.given) !== nameSearchKey(person.given)) differences.push(`given name ${person.given}`);
  if (local.birthDate !== person.birthDate) differences.push(`birth date ${person.birthDate}`);
  if (person.sex !== 'unknown' && local.sex !== person.sex) differences.push(`sex ${person.sex}`);
  return differences;
}
