import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isRole } from '../../shared/domain/roles.js';
import type { Queryable } from '../db/database.js';
import type { Principal } from './principal.js';

/** Access tokens live minutes: a revoked user or workstation is cut off at its next refresh. */
export const ACCESS_TOKEN_SECONDS = 15 * 60;

/**
 * Access tokens are compact JWTs signed with HS256 by Central's own key. Only HS256 is accepted:
 * a token naming any other algorithm (`none` included) is refused before its signature is looked at.
 */
export class TokenSigner {
  private constructor(private readonly key: Buffer) {}

  /** Loads the signing key, creating it on first start. */
  static async load(db: Queryable): Promise<TokenSigner> {
    await db.query(`INSERT INTO server_secret (name, value) VALUES ('token-signing-key', $1) ON CONFLICT (name) DO NOTHING`, [randomBytes(32)]);
    const { rows } = await db.query<{ value: Buffer | Uint8Array }>(`SELECT value FROM server_secret WHERE name = 'token-signing-key'`);
    return new TokenSigner(Buffer.from(rows[0]!.value));
  }

  sign(principal: Principal, now: Date, lifetimeSeconds = ACCESS_TOKEN_SECONDS, extra: Record<string, unknown> = {}): string {
    const iat = Math.floor(now.getTime() / 1000);
    const payload = {
      ...extra,
      typ: 'access',
      sub: principal.subject,
      knd: principal.kind,
      nam: principal.display,
      rol: principal.roles,
      org: principal.organizationId,
      prc: principal.practitionerId,
      prr: principal.practitionerRoleId,
      pat: principal.patientId,
      dev: principal.deviceId,
      iat,
      exp: iat + lifetimeSeconds,
      jti: randomBytes(9).toString('base64url'),
    };
    const head = base64url({ alg: 'HS256', typ: 'JWT' });
    const body = base64url(payload);
    return `${head}.${body}.${this.mac(`${head}.${body}`)}`;
  }

  /** The principal a token stands for, or undefined when it is malformed, forged or expired. */
  verify(token: string, now: Date): (Principal & { tokenId: string; issuedAt: number; expiresAt: number }) | undefined {
    const parts = token.split('.');
    if (parts.length !== 3 || token.length > 8192) return undefined;
    const [head, body, signature] = parts as [string, string, string];
    const header = decode(head);
    if (!header || header.alg !== 'HS256' || header.typ !== 'JWT') return undefined;
    const expected = Buffer.from(this.mac(`${head}.${body}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const claims = decode(body);
    if (!claims || claims.typ !== 'access') return undefined;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now.getTime()) return undefined;
    const roles = Array.isArray(claims.rol) ? claims.rol.filter(isRole) : [];
    const kind = claims.knd;
    if (kind !== 'user' && kind !== 'client' && kind !== 'patient') return undefined;
    if (typeof claims.sub !== 'string') return undefined;
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    return {
      kind,
      subject: claims.sub,
      display: text(claims.nam) ?? claims.sub,
      roles,
      organizationId: text(claims.org),
      practitionerId: text(claims.prc),
      practitionerRoleId: text(claims.prr),
      patientId: text(claims.pat),
      deviceId: text(claims.dev),
      tokenId: text(claims.jti) ?? '',
      issuedAt: typeof claims.iat === 'number' ? claims.iat : 0,
      expiresAt: claims.exp,
    };
  }

  private mac(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
