import { randomUUID } from 'node:crypto';
import type { Encounter, Resource } from '@medplum/fhirtypes';
import type { StaffUser } from '../../../shared/api/session.js';
import type { LocalStore } from '../../db/local-store.js';
import type { MutationAuthor } from '../../db/outbox.js';
import { authorOf } from './author.js';
import type { StaffProfile } from '../../db/staff-accounts.js';
import { ServiceError } from '../errors.js';
import type { VisitPort } from '../ports.js';
import { visitResources, withdrawn, type VisitInput } from './visit-resources.js';

/** Resource types Central checks `baseVersion` for (src-server/sync/mutations.ts EDITABLE_TYPES) among a visit's parts. */
const VERSIONED = new Set(['Condition']);
const ICD10_CODE = /^[A-Z]\d\d(\.\d{1,2})?$/;

/**
 * Saves a visit locally at once, online or not: every resource and its outbox entry in one
 * transaction. Saving again (same encounter id) updates the visit; a part removed from the form is
 * marked entered-in-error, never silently dropped. A signed-off visit is not edited again.
 */
export class StoreVisits implements VisitPort {
  constructor(
    private readonly deps: {
      store: () => LocalStore;
      now: () => Date;
      organization: () => { id: string; name: string };
      profile: (user: StaffUser) => StaffProfile | null;
    },
  ) {}

  save(input: VisitInput, user: StaffUser): { encounterId: string; savedAt: string } {
    const store = this.deps.store();
    const now = this.deps.now();
    const diagnoses = input.diagnoses.map((d, i) => this.checkedDiagnosis(store, d, i));
    const profile = this.deps.profile(user);
    return store.transaction(() => {
      const encounterId = input.encounterId ?? randomUUID();
      const previous = input.encounterId ? store.resources.get<Encounter>('Encounter', input.encounterId) : undefined;
      if (input.encounterId && !previous) throw new ServiceError('not-found', 'No such visit on this workstation', 'encounterId');
      if (previous && previous.subject?.reference !== `Patient/${input.patientId}`) throw new ServiceError('invalid', 'This visit belongs to another patient', 'encounterId');
      if (previous?.status === 'finished') throw new ServiceError('conflict', 'This visit was signed off and can no longer be changed; document a new visit instead', 'encounterId');
      const resources = visitResources(
        { ...input, diagnoses },
        {
          encounterId,
          startedAt: previous?.period?.start ?? now.toISOString(),
          now,
          organization: this.deps.organization(),
          author: { display: profile?.display ?? user.displayName, practitionerId: profile?.practitionerId },
        },
      );
      const kept = new Set(resources.map((r) => `${r.resourceType}/${r.id}`));
      const author = authorOf(profile);
      for (const resource of resources) this.write(store, resource, now, author);
      // Parts of the earlier save that this one no longer has.
      if (previous) {
        for (const old of store.resources.listByPatient(input.patientId, ['Condition', 'DocumentReference', 'MedicationRequest'])) {
          if (!old.id?.startsWith(`${encounterId}-`) || kept.has(`${old.resourceType}/${old.id}`)) continue;
          const gone = withdrawn(old);
          if (JSON.stringify(gone) !== JSON.stringify(old)) this.write(store, gone, now, author);
        }
      }
      return { encounterId, savedAt: now.toISOString() };
    });
  }

  private write(store: LocalStore, resource: Resource, now: Date, author: MutationAuthor | null): void {
    const stored = store.resources.versionOf(resource.resourceType, resource.id!);
    // A part already known keeps its version, so Central can tell a stale edit.
    const meta = stored ? { ...resource.meta, versionId: String(stored) } : resource.meta;
    const local = { ...resource, ...(meta ? { meta } : {}) } as Resource;
    store.resources.writeLocal(local);
    if (stored === undefined) store.outbox.enqueue('create', { resource: local }, null, now, author);
    else store.outbox.enqueue('update', { resource: local }, VERSIONED.has(resource.resourceType) && stored > 0 ? stored : null, now, author);
  }

  /** The code as ICD-10 writes it; checked against the local copy when there is one, its title filled from it. */
  private checkedDiagnosis(store: LocalStore, d: VisitInput['diagnoses'][number], i: number) {
    const code = d.code.trim().toUpperCase();
    if (!ICD10_CODE.test(code)) throw new ServiceError('invalid', `"${d.code}" is not an ICD-10 code (like J06.9)`, `diagnoses.${i}.code`);
    if (store.icd10.count() === 0) return { ...d, code };
    const known = store.icd10.search(code, 5).find((e) => e.code === code);
    if (!known) throw new ServiceError('invalid', `ICD-10 has no code ${code}`, `diagnoses.${i}.code`);
    return { ...d, code, title: d.title.trim() || known.title };
  }
}
