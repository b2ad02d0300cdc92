import { randomUUID } from 'node:crypto';
import type { Organization } from '@medplum/fhirtypes';
import { z } from 'zod';
import { SYSTEMS } from '../../shared/fhir/systems.js';
import { conflict, forbidden } from '../../shared/fhir/outcomes.js';
import { registerClient } from '../auth/clients.js';
import type { Principal } from '../auth/principal.js';
import type { CentralContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { writeResources } from '../fhir/write.js';
import { requireActiveLegalEntity } from '../registers/legal-entities/verify.js';
import { registersOf } from '../registers/registry.js';

/**
 * An institution (a laboratory, hospital, private clinic or ambulance service) becomes a sender of
 * records: verified first in the register of legal entities by its УНП, then given an
 * Organization in Central and a client (id and secret) for each of its systems.
 */
export const INSTITUTION_KINDS = ['laboratory', 'hospital', 'private-clinic', 'ambulance'] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export const RegisterInstitutionSchema = z.object({
  unp: z.string().trim().min(1).max(20),
  kind: z.enum(INSTITUTION_KINDS),
  /** The system this client is for ("LIS", "HIS", ...), shown in Provenance. */
  system: z.string().trim().min(1).max(100),
  /** MSH-4 of its HL7 v2 messages; the УНП when not given. */
  hl7Facility: z.string().trim().regex(/^[A-Za-z0-9._-]{1,40}$/, 'letters, digits, dot, dash, underscore').optional(),
});

export interface Institution {
  organizationId: string;
  unp: string;
  kind: InstitutionKind;
  name: string;
  hl7Facility: string;
}

export interface RegisteredInstitution extends Institution {
  clientId: string;
  /** Shown this once; Central keeps only its hash. */
  clientSecret: string;
}

export async function registerInstitution(ctx: CentralContext, principal: Principal, input: z.infer<typeof RegisterInstitutionSchema>): Promise<RegisteredInstitution> {
  if (principal.kind !== 'user' || !principal.roles.includes('clinic-admin')) throw forbidden('Only an administrator registers institutions');
  // Asked before anything is written: an outage of the register leaves nothing half registered.
  const entity = await requireActiveLegalEntity(registersOf(ctx).legalEntities, input.unp);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    let institution = await findInstitution(tx, { unp: entity.unp });
    if (institution && institution.kind !== input.kind) throw conflict(`This УНП is registered as a ${institution.kind}`, 'kind');
    if (!institution) {
      const organization: Organization & { id: string } = {
        resourceType: 'Organization',
        id: randomUUID(),
        active: true,
        identifier: [{ system: SYSTEMS.unp, value: entity.unp }],
        name: entity.shortName,
        alias: [entity.name],
        type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov', display: 'Healthcare Provider' }], text: input.kind }],
        address: [{ text: entity.address }],
      };
      await writeResources(tx, [{ kind: 'create', resource: organization }], now);
      institution = { organizationId: organization.id, unp: entity.unp, kind: input.kind, name: entity.shortName, hl7Facility: input.hl7Facility ?? entity.unp };
      const inserted = await tx.query(
        `INSERT INTO institution (organization_id, unp, kind, name, hl7_facility, register_status, verified_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [institution.organizationId, institution.unp, institution.kind, institution.name, institution.hl7Facility, entity.status, now.toISOString()],
      );
      if (inserted.rowCount === 0) throw conflict('The HL7 facility name is taken by another institution, or the institution was registered concurrently', 'hl7Facility');
    }
    const client = await registerClient(tx, { organizationId: institution.organizationId, display: `${institution.name}: ${input.system}` }, now);
    return { ...institution, clientId: client.clientId, clientSecret: client.clientSecret };
  });
}

interface InstitutionRow {
  organization_id: string;
  unp: string;
  kind: InstitutionKind;
  name: string;
  hl7_facility: string;
}

export async function findInstitution(q: Queryable, by: { unp?: string; organizationId?: string; hl7Facility?: string }): Promise<Institution | undefined> {
  const [column, value] = by.unp ? ['unp', by.unp] : by.organizationId ? ['organization_id', by.organizationId] : ['hl7_facility', by.hl7Facility];
  const { rows } = await q.query<InstitutionRow>(`SELECT organization_id, unp, kind, name, hl7_facility FROM institution WHERE ${column} = $1`, [value]);
  const row = rows[0];
  return row && { organizationId: row.organization_id, unp: row.unp, kind: row.kind, name: row.name, hl7Facility: row.hl7_facility };
}
