import { randomBytes } from 'node:crypto';
import { registerClient, rotateClientSecret } from '../auth/clients.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { createPatientAccount, findPatientAccount, setPatientPasswordHash } from '../auth/patients.js';
import { createStaffUser, findStaffUserByUsername, setStaffPasswordHash } from '../auth/users.js';
import type { Database } from '../db/database.js';
import type { DemoRegion } from './generate.js';
import { demoPatientId, demoUuid } from './ids.js';
import { demoPerson } from './people.js';

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
 * The demo's logins. Accounts are created on the first start. On a later start they get this
 * start's password (the first start's generated one was never stored in clear), hashed once for all
 * of them: they share the printed password anyway, and one scrypt instead of thirteen keeps the
 * start quick. The laboratory gets a fresh client secret every start, printed.
 */
export async function ensureDemoAccounts(db: Database, region: DemoRegion, options: { password?: string | undefined; existingPatients: ReadonlySet<string> }): Promise<DemoAccounts> {
  const password = options.password ?? generateDemoPassword();
  const members = region.staff.filter((member) => member.spec.username);
  const existing = await Promise.all(members.map((member) => findStaffUserByUsername(db, member.spec.username!)));
  const missing = members.filter((_, i) => !existing[i]);
  const known = existing.filter((user) => user !== undefined);
  const unchanged = known.length > 0 && (await verifyPassword(password, known[0]!.passwordHash));
  const sharedHash = unchanged ? undefined : await hashPassword(password);
  if (sharedHash && known.length > 0) await setStaffPasswordHash(db, known.map((user) => user.username), sharedHash);
  await Promise.all(
    missing.map((member) => {
      const organization = region.institutions[member.spec.at].organization;
      return createStaffUser(db, {
        id: demoUuid(region.seed, 'User', member.spec.key),
        username: member.spec.username!,
        password,
        display: member.practitioner.name?.[0]?.text ?? member.spec.username!,
        roles: [member.spec.role],
        organizationId: organization.id,
        practitionerId: member.practitioner.id,
        practitionerRoleId: member.role.id,
      });
    }),
  );
  const users = members.map((member): DemoUser => {
    const organization = region.institutions[member.spec.at].organization;
    return { username: member.spec.username!, display: member.practitioner.name?.[0]?.text ?? '', role: member.spec.role, title: member.spec.title, organization: organization.alias?.[0] ?? organization.name ?? '' };
  });

  const laboratory = region.institutions.laboratory.organization;
  const clientSecret =
    (await rotateClientSecret(db, DEMO_CLIENT_ID)) ??
    (await registerClient(db, { clientId: DEMO_CLIENT_ID, organizationId: laboratory.id, display: laboratory.alias?.[0] ?? 'Laboratory' })).clientSecret;

  const cabinet = await cabinetAccounts(db, region, options.existingPatients, password, sharedHash);
  return { password, passwordGenerated: options.password === undefined, users, client: { clientId: DEMO_CLIENT_ID, clientSecret, organization: laboratory.alias?.[0] ?? '' }, cabinet };
}

/** The first few demo patients get a cabinet login with the demo password. */
async function cabinetAccounts(db: Database, region: DemoRegion, present: ReadonlySet<string>, password: string, sharedHash: string | undefined): Promise<DemoAccounts['cabinet']> {
  const cabinet: DemoAccounts['cabinet'] = [];
  const known: string[] = [];
  for (let index = region.indexes.from; index < region.indexes.from + region.indexes.count && cabinet.length < CABINET_PATIENTS; index++) {
    const patientId = demoPatientId(region.seed, index);
    if (!present.has(patientId)) continue;
    const person = demoPerson(index, region.seed);
    const name = `${person.family} ${person.given} ${person.patronymic ?? ''}`.trim();
    if (await findPatientAccount(db, patientId)) known.push(patientId);
    else await createPatientAccount(db, { patientId, personalNumber: person.personalNumber, password, display: name });
    cabinet.push({ personalNumber: person.personalNumber, name });
  }
  if (sharedHash && known.length > 0) await setPatientPasswordHash(db, known, sharedHash);
  return cabinet;
}
