import type { Enrolment } from '../db/enrolment.js';
import type { LocalStore } from '../db/local-store.js';
import { ServiceError } from '../services/errors.js';
import type { CentralAuth } from './central-auth.js';
import { CentralUnreachableError } from './central-http.js';

export type EnrolmentSummary = Omit<Enrolment, 'deviceSecret'>;

/**
 * Enrols this workstation with Central: a clinic administrator's credentials get a device id and
 * secret for their clinic (POST /auth/devices), kept in the encrypted store. The administrator's
 * session is ended right after; the workstation then logs staff in with its own credential.
 */
export async function enrolWorkstation(
  deps: { auth: CentralAuth; store: LocalStore; centralUrl: string; now: () => Date },
  input: { username: string; password: string; display: string },
): Promise<EnrolmentSummary> {
  const existing = deps.store.enrolment.get();
  if (existing) {
    throw new ServiceError('conflict', `This workstation is already enrolled for ${existing.organizationName} as "${existing.display}"; a workstation for another clinic needs a data folder of its own`);
  }
  let admin;
  try {
    admin = await deps.auth.login(input.username, input.password);
  } catch (error) {
    if (error instanceof CentralUnreachableError) throw new ServiceError('unavailable', `Enrolment needs Central, which cannot be reached: ${error.message}`);
    throw error;
  }
  try {
    if (!admin.user.roles.includes('clinic-admin') || !admin.user.organizationId) {
      throw new ServiceError('forbidden', 'Only a clinic administrator may enrol a workstation');
    }
    const device = await deps.auth.enrolDevice(admin.access_token, input.display);
    // The clinic's name for the header; its id will do if the directory cannot be read.
    const organization = await deps.auth.organization(admin.access_token, device.organizationId).catch(() => null);
    const enrolment: Enrolment = {
      deviceId: device.deviceId,
      deviceSecret: device.deviceSecret,
      organizationId: device.organizationId,
      organizationName: organization?.name ?? device.organizationId,
      display: device.display,
      centralUrl: deps.centralUrl,
      enrolledAt: deps.now().toISOString(),
      enrolledBy: admin.user.id,
    };
    deps.store.enrolment.save(enrolment);
    const { deviceSecret: _secret, ...summary } = enrolment;
    return summary;
  } finally {
    await deps.auth.logout(admin.refresh_token, admin.access_token).catch(() => undefined);
  }
}
