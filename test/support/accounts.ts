import type { Patient } from '@medplum/fhirtypes';
import { makePersonalNumber } from '../../shared/domain/personal-number.js';
import type { StaffRole } from '../../shared/domain/roles.js';
import { SYSTEMS } from '../../shared/fhir/systems.js';
import { createPatientAccount } from '../../src-server/auth/patients.js';
import { createStaffUser, type StaffUser } from '../../src-server/auth/users.js';
import { writeResources } from '../../src-server/fhir/write.js';
import type { RunningCentral } from '../../src-server/main.js';
import { client } from './http.js';

/** The password every test account gets: long enough for the strength check. */
export const TEST_PASSWORD = 'correct horse battery staple';

export async function createUser(central: RunningCentral, username: string, role: StaffRole, organizationId = 'org-a', extra: { practitionerId?: string } = {}): Promise<StaffUser> {
  return createStaffUser(central.ctx.db, { username, password: TEST_PASSWORD, display: `Test ${username}`, roles: [role], organizationId, ...extra });
}

/** Logs in over HTTP and answers the session, failing the test when the login is refused. */
export async function login(central: RunningCentral, username: string, password = TEST_PASSWORD, device?: { deviceId: string; deviceSecret: string }) {
  const answer = await client(central).post('/auth/login', { username, password, ...device }, { 'content-type': 'application/json' });
  if (answer.status !== 200) throw new Error(`login ${username} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as { access_token: string; refresh_token: string; expires_in: number; user: { id: string; deviceId?: string } };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

let sequence = 0;

/** Stores a Patient directly (the thing under test is elsewhere) and answers it. */
export async function storePatient(central: RunningCentral, id: string, family = 'Ковалевская', organizationId = 'org-a'): Promise<Patient & { id: string }> {
  const patient: Patient & { id: string } = {
    resourceType: 'Patient',
    id,
    identifier: [{ system: SYSTEMS.personalNumber, value: makePersonalNumber('1984-03-12', 'female', 'H', ++sequence) }],
    name: [{ family, given: ['Ольга', 'Сергеевна'] }],
    gender: 'female',
    birthDate: '1984-03-12',
    managingOrganization: { reference: `Organization/${organizationId}` },
  };
  await central.ctx.db.transaction((tx) => writeResources(tx, [{ kind: 'update', resource: patient }], central.ctx.now()));
  return patient;
}

export async function createCabinetAccount(central: RunningCentral, patient: Patient & { id: string }): Promise<void> {
  await createPatientAccount(central.ctx.db, { patientId: patient.id, personalNumber: patient.identifier![0]!.value!, password: TEST_PASSWORD, display: 'Test patient' });
}
