import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { allOk, badRequest, tooManyRequests } from '../../shared/fhir/outcomes.js';
import type { CentralContext } from '../context.js';
import { disableUserAs, enrolDeviceAs, listDevicesAs, revokeDeviceAs } from '../auth/administration.js';
import { deviceToken, isDeviceClientId } from '../auth/device-token.js';
import { requirePrincipal } from '../auth/authenticate.js';
import { clientCredentialsToken, loginPatient, loginStaff, refreshSession } from '../auth/login.js';
import { revocationsFor } from '../auth/revocations.js';
import { endSession, revokeAccessToken } from '../auth/sessions.js';
import { AttemptLimiter } from '../auth/throttle.js';

// PostgreSQL text cannot hold NUL: refused here as bad input, not met later as a database error.
const text = (max: number) => z.string().min(1).max(max).refine((value) => !value.includes('\u0000'), 'must not contain a NUL character');
const LoginBody = z.object({ username: text(64), password: text(1024), deviceId: text(100).optional(), deviceSecret: text(100).optional() });
const PatientLoginBody = z.object({ personalNumber: text(40), password: text(1024) });
const RefreshBody = z.object({ refresh_token: text(100) });
const LogoutBody = z.object({ refresh_token: text(100).optional() });
const TokenBody = z.object({ grant_type: z.literal('client_credentials'), client_id: text(200), client_secret: text(200) });
const EnrolBody = z.object({ display: text(200) });
// User and device ids are Central's own (UUIDs, device-<uuid>): anything else names nobody, and is
// refused before it can be looked up or repeated in a message.
const IdParams = z.object({ id: z.string().regex(/^[A-Za-z0-9._:@-]{1,200}$/, 'must be a user or workstation id') });

/** Parses a body at the trust boundary; a refusal names the field and never echoes the value. */
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || 'body';
  throw badRequest(`${field}: ${issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.message}`, field);
}

/** Token answers must never be cached (RFC 6749 §5.1). */
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store').type('application/json');

/**
 * Login, refresh, logout, institution client tokens, the caller's own identity, and the clinic
 * administrator's workstation enrolment and revocation. Routes parse, call auth/, answer.
 */
export async function registerAuthRoutes(app: FastifyInstance, ctx: CentralContext): Promise<void> {
  // Keep this process's copy of the revocations fresh before any route authenticates (root scope:
  // it runs for every route, FHIR included).
  const revocations = revocationsFor(ctx.db);
  app.addHook('onRequest', async () => {
    await revocations.ensureFresh();
  });

  const limiter = new AttemptLimiter();
  /** Runs a login of any kind under the address's limit; only a failed one stays counted. */
  const throttled = async <T>(ip: string, login: () => Promise<T>): Promise<T> => {
    if (!limiter.allow(ip, ctx.now())) throw tooManyRequests('Too many login attempts from this address; wait a minute');
    const result = await login();
    limiter.forgive(ip);
    return result;
  };

  await app.register(async (scope) => {
    // OAuth clients send client_credentials as a form; only these routes accept one.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    scope.post('/auth/login', async (request, reply) => {
      return noStore(reply).send(await throttled(request.ip, () => loginStaff(ctx, parse(LoginBody, request.body))));
    });

    scope.post('/auth/patient-login', async (request, reply) => {
      return noStore(reply).send(await throttled(request.ip, () => loginPatient(ctx, parse(PatientLoginBody, request.body))));
    });

    scope.post('/auth/token', async (request, reply) => {
      const token = await throttled(request.ip, async () => {
        const body = { ...(request.body as object | undefined), ...basicCredentials(request.headers.authorization) };
        const { client_id, client_secret } = parse(TokenBody, body);
        return isDeviceClientId(client_id) ? deviceToken(ctx, client_id, client_secret) : clientCredentialsToken(ctx, client_id, client_secret);
      });
      return noStore(reply).send(token);
    });

    scope.post('/auth/refresh', async (request, reply) => {
      const { refresh_token } = parse(RefreshBody, request.body);
      return noStore(reply).send(await refreshSession(ctx, refresh_token));
    });

    // Ends the session of the refresh token and, when a bearer token comes with it, that token too.
    scope.post('/auth/logout', async (request, reply) => {
      const { refresh_token } = parse(LogoutBody, request.body);
      const principal = request.headers.authorization ? requirePrincipal(ctx, request) : undefined;
      if (!refresh_token && !principal) throw badRequest('Send a refresh_token, a bearer token, or both', 'refresh_token');
      if (refresh_token) await endSession(ctx.db, refresh_token, ctx.now());
      const token = request.principal;
      if (token?.tokenId && token.expiresAt) {
        await revokeAccessToken(ctx.db, token.tokenId, new Date(token.expiresAt * 1000));
        revocations.add('token', token.tokenId);
      }
      return reply.type('application/fhir+json').send(allOk('Logged out'));
    });

    scope.get('/auth/me', async (request, reply) => {
      const { kind, subject, display, roles, organizationId, practitionerId, practitionerRoleId, patientId, deviceId } = requirePrincipal(ctx, request);
      return reply.type('application/json').send({ kind, id: subject, display, roles, organizationId, practitionerId, practitionerRoleId, patientId, deviceId });
    });

    scope.post('/auth/devices', async (request, reply) => {
      const principal = requirePrincipal(ctx, request);
      const { display } = parse(EnrolBody, request.body);
      return noStore(reply).status(201).send(await enrolDeviceAs(ctx, principal, display));
    });

    scope.get('/auth/devices', async (request, reply) => {
      const principal = requirePrincipal(ctx, request);
      return reply.type('application/json').send({ devices: await listDevicesAs(ctx, principal) });
    });

    scope.post('/auth/devices/:id/revoke', async (request, reply) => {
      const principal = requirePrincipal(ctx, request);
      const { id } = parse(IdParams, request.params);
      return reply.type('application/json').send(await revokeDeviceAs(ctx, principal, id));
    });

    scope.post('/auth/users/:id/disable', async (request, reply) => {
      const principal = requirePrincipal(ctx, request);
      const { id } = parse(IdParams, request.params);
      return reply.type('application/json').send(await disableUserAs(ctx, principal, id));
    });
  });
}

/** client_id and client_secret from an HTTP Basic header (RFC 6749 §2.3.1), when one is sent. */
function basicCredentials(header: string | undefined): { client_id?: string; client_secret?: string } {
  const match = header && /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
  if (!match) return {};
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return {};
  try {
    return { client_id: decodeURIComponent(decoded.slice(0, colon)), client_secret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    throw badRequest('The Basic credentials are not valid URL-encoded text', 'Authorization');
  }
}
