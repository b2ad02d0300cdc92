import { z } from 'zod';
import { OfflineVerifierSchema } from '../db/staff-accounts.js';
import type { CentralCall } from './central-http.js';

/** Central's auth answers as this workstation reads them (src-server/routes/auth.ts). */
const TokenSchema = z.object({ access_token: z.string().min(1), token_type: z.literal('Bearer'), expires_in: z.number().positive() });

const SessionUserSchema = z.object({
  id: z.string().min(1),
  kind: z.string(),
  display: z.string(),
  roles: z.array(z.string()),
  organizationId: z.string().optional(),
  practitionerId: z.string().optional(),
  practitionerRoleId: z.string().optional(),
  deviceId: z.string().optional(),
});

const SessionSchema = TokenSchema.extend({
  refresh_token: z.string().min(1),
  user: SessionUserSchema,
  offlineVerifier: OfflineVerifierSchema.optional(),
});
export type CentralSession = z.infer<typeof SessionSchema>;
export type CentralToken = z.infer<typeof TokenSchema>;

const EnrolmentSchema = z.object({ deviceId: z.string().min(1), deviceSecret: z.string().min(1), organizationId: z.string().min(1), display: z.string() });
const OrganizationSchema = z.object({ resourceType: z.literal('Organization'), id: z.string(), name: z.string().optional() });
const AnySchema = z.unknown();

export interface DeviceCredentials {
  deviceId: string;
  deviceSecret: string;
}

/** Named calls to Central's auth routes; each returns the parsed answer or throws (central-http.ts). */
export class CentralAuth {
  constructor(private readonly call: CentralCall) {}

  login(username: string, password: string, device?: DeviceCredentials): Promise<CentralSession> {
    return this.call('/auth/login', { body: { username, password, ...(device ?? {}) }, schema: SessionSchema });
  }

  refresh(refreshToken: string): Promise<CentralSession> {
    return this.call('/auth/refresh', { body: { refresh_token: refreshToken }, schema: SessionSchema });
  }

  async logout(refreshToken: string, accessToken: string | null): Promise<void> {
    await this.call('/auth/logout', { body: { refresh_token: refreshToken }, token: accessToken, schema: AnySchema, timeoutMs: 3000 });
  }

  /** The workstation's own token (client_credentials with the device id and secret), for sync. */
  deviceToken(device: DeviceCredentials): Promise<CentralToken> {
    return this.call('/auth/token', { form: { grant_type: 'client_credentials', client_id: device.deviceId, client_secret: device.deviceSecret }, schema: TokenSchema });
  }

  enrolDevice(adminToken: string, display: string) {
    return this.call('/auth/devices', { body: { display }, token: adminToken, schema: EnrolmentSchema });
  }

  organization(token: string, id: string) {
    return this.call(`/fhir/Organization/${encodeURIComponent(id)}`, { token, schema: OrganizationSchema });
  }
}
