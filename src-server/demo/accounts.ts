import { randomBytes } from 'node:crypto';
import { registerClient, rotateClientSecret } from '../auth/clients.js';
import { createPatientAccount, findPatientAccount, setPatientPassword } from '../auth/patients.js';
import { createStaffUser, findStaffUserByUsername, setStaffPassword } from '../auth/users.js';
import type { Database } from '../db/database.js';
import type { DemoRegion } from './generate.js';
import { demoUuid } from './ids.js';

export interface DemoUser {
  username: string;
  display: string;
  role: string;
  title: string;
  organization: string;
}

export interface DemoAccounts {
  password: string;
  passwordGenerated: boolean;
  users: DemoUser[];
  client: { clientId: string; clientSecret: string; organization: string };
  /** Cabinet logins of a few demo patients (personal number + the demo password). */
  cabinet: { personalNumber: string; name: string }[];
}

export const DEMO_CLIENT_ID = 'demo-laboratory';
const CABINET_PATIENTS = 3;

/** Readable, and strong enough for a demo on one's own machine: "Demo-k7Qm-2xPa-9fRt". */
export function generateDemoPassword(): string {
  const text = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');
  return `Demo-${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8, 12)}`;
}

/**
 * The demo's logins. Accounts are created on the first start; on every later start their password
 * is set again to this start's demo password and the laboratory gets a fresh client secret, so what
 * is printed always works (the first start's generated password was never stored in clear).
 */
export async function ensureDemoAccounts(db: Database, region: DemoRegion, options: { password?: string | undefined; existingPatients: ReadonlySet<string> }): Promise<DemoAccounts> {
  const password = options.password ?? generateDemoPassword();
  const users: DemoUser[] = [];
  await Promise.all(
    region.staff
      .filter((member) => member.spec.username)
      .map(async (member) => {
        const username = member.spec.username!;
        const organization = region.institutions[member.spec.at].organization;
        if (await findStaffUserByUsername(db, username)) await setStaffPassword(db, username, password);
        else {
          await createStaffUser(db, {
            id: demoUuid(region.seed, 'User', member.spec.key),
            username,
            password,
            display: member.practitioner.name?.[0]?.text ?? username,
            roles: [member.spec.role],
            organizationId: organization.id,
            practitionerId: member.practitioner.id,
            practitionerRoleId: member.role.id,
          });
        }
        users.push({ username, display: member.practitioner.name?.[0]?.text ?? username, role: member.spec.role, title: member.spec.title, organization: organization.alias?.[0] ?? organization.name ?? '' });
      }),
  );
  const order = region.staff.map((member) => member.spec.username);
  users.sort((a, b) => order.indexOf(a.username) - order.indexOf(b.username));

  const laboratory = region.institutions.laboratory.organization;
  const clientSecret =
    (await rotateClientSecret(db, DEMO_CLIENT_ID)) ??
    (await registerClient(db, { clientId: DEMO_CLIENT_ID, organizationId: laboratory.id, display: laboratory.alias?.[0] ?? 'Laboratory' })).clientSecret;

  const cabinet: DemoAccounts['cabinet'] = [];
  for (const record of region.patients()) {
    if (cabinet.length >= CABINET_PATIENTS) break;
    if (!options.existingPatients.has(record.patientId)) continue;
    const { person } = record;
    const name = `${person.family} ${person.given} ${person.patronymic ?? ''}`.trim();
    if (await findPatientAccount(db, record.patientId)) await setPatientPassword(db, record.patientId, password);
    else await createPatientAccount(db, { patientId: record.patientId, personalNumber: person.personalNumber, password, display: name });
    cabinet.push({ personalNumber: person.personalNumber, name });
  }
  return { password, passwordGenerated: options.password === undefined, users, client: { clientId: DEMO_CLIENT_ID, clientSecret, organization: laboratory.alias?.[0] ?? '' }, cabinet };
}
