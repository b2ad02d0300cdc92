import type { CapabilityStatement } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAllowed, type Action } from '../../shared/domain/access.js';
import { ROLES } from '../../shared/domain/roles.js';
import { bearerFor } from '../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';

let central: TestCentral;
let statement: CapabilityStatement;
beforeAll(async () => {
  central = await startTestCentral();
  statement = await fetch(`${central.url}/fhir/metadata`).then((r) => r.json());
});
afterAll(async () => central?.close());

/** A value each kind of search parameter accepts. */
const SAMPLE: Record<string, string> = { token: 'x', string: 'abc', date: 'ge2024-01-01', reference: 'Patient/x' };
const ACTION_OF: Record<string, Action> = { read: 'read', vread: 'read', update: 'update', delete: 'delete', 'history-instance': 'history', 'history-type': 'history', create: 'create', 'search-type': 'search' };

describe('CapabilityStatement', () => {
  it('needs no token, is R4, and leaves out what the server does not store', async () => {
    expect(statement.resourceType).toBe('CapabilityStatement');
    expect(statement.fhirVersion).toBe('4.0.1');
    const types = statement.rest![0]!.resource!.map((r) => r.type);
    expect(types).toEqual(expect.arrayContaining(['Patient', 'Observation', 'Appointment']));
    expect(types).not.toContain('Medication');
    expect((await fetch(`${central.url}/fhir/Patient/x`)).status).toBe(401);
  });

  it('offers an interaction only where some role may perform it', () => {
    for (const resource of statement.rest![0]!.resource!) {
      for (const { code } of resource.interaction ?? []) {
        expect(ROLES.some((role) => isAllowed([role], ACTION_OF[code]!, resource.type!)), `${resource.type} ${code}`).toBe(true);
      }
    }
    const practitioner = statement.rest![0]!.resource!.find((r) => r.type === 'Practitioner')!;
    expect(practitioner.interaction!.map((i) => i.code)).toEqual(expect.arrayContaining(['create', 'update', 'read', 'search-type']));
  });

  it('every search parameter it lists is one the server accepts, and only those', async () => {
    const auth = bearerFor(central, { kind: 'user', subject: 'all', display: 'All roles', roles: ['doctor', 'clinic-admin', 'institution'] });
    const failures: string[] = [];
    for (const resource of statement.rest![0]!.resource!) {
      // AuditEvent's search belongs to the audit trail (routes/audit.ts), which lists no parameters here.
      if (!resource.interaction?.some((i) => i.code === 'search-type') || !resource.searchParam) continue;
      for (const param of resource.searchParam ?? []) {
        const url = `${central.url}/fhir/${resource.type}?${param.name}=${encodeURIComponent(SAMPLE[param.type!]!)}`;
        const response = await fetch(url, { headers: auth });
        if (response.status !== 200) failures.push(`${resource.type}?${param.name}: ${response.status}`);
      }
      const unlisted = await fetch(`${central.url}/fhir/${resource.type}?not-a-parameter=1`, { headers: auth });
      if (unlisted.status !== 400) failures.push(`${resource.type} accepts an unlisted parameter`);
    }
    expect(failures).toEqual([]);
  });
});
