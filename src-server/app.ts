import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { parseJsonBounded } from '../shared/fhir/json.js';
import { badRequest, OperationOutcomeError, outcome, unsupportedMediaType } from '../shared/fhir/outcomes.js';
import { answerClientError } from './client-errors.js';
import { acceptCompressedBodies } from './content-encoding.js';
import type { CentralContext } from './context.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerCabinetRoutes } from './routes/cabinet.js';
import { registerDocumentRoutes } from './routes/documents.js';
import { registerFeedRoutes } from './routes/feeds.js';
import { registerFhirRoutes } from './routes/fhir.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerHl7Routes } from './routes/hl7.js';
import { registerTerminologyRoutes } from './routes/terminology.js';
import { registerRegisterRoutes } from './routes/registers.js';
import { registerSchedulingRoutes } from './routes/scheduling.js';
import { registerSyncRoutes } from './routes/sync.js';

export const FHIR_JSON = 'application/fhir+json';

/** Builds Central's HTTP application. Routes stay thin: they parse, call a domain module, answer. */
export async function buildApp(ctx: CentralContext): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: ctx.config.bodyLimit,
    logger: false,
    // Hostile query strings must not be able to blow up the parser.
    routerOptions: { maxParamLength: 500 },
    trustProxy: false,
    clientErrorHandler: answerClientError,
  });

  // No route stores or looks up a NUL character (PostgreSQL text cannot hold one): refused here,
  // once, for every path and query, instead of surfacing as a database error somewhere.
  app.addHook('onRequest', async (request) => {
    if (/%00/.test(request.url)) throw badRequest('The URL contains a NUL character (%00)');
  });

  acceptCompressedBodies(app, ctx.config.bodyLimit);

  // Only JSON is accepted. The body is parsed here, once, with a depth limit.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', FHIR_JSON], { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBounded(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser('*', (request, _payload, done) => {
    done(unsupportedMediaType(`Content type ${sanitizeForMessage(request.headers['content-type'] ?? '')} is not accepted; send ${FHIR_JSON}`), undefined);
  });

  app.setErrorHandler((error: FastifyError | OperationOutcomeError, request, reply) => {
    if (error instanceof OperationOutcomeError) {
      return reply.status(error.status).type(FHIR_JSON).send(error.outcome);
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error(error);
    if (status === 500) console.error('[central] unexpected error', request.method, request.url.slice(0, 200), error);
    const text = status === 500 ? 'Internal server error' : clientErrorText(error);
    return reply.status(status).type(FHIR_JSON).send(outcome('error', status === 500 ? 'exception' : 'invalid', text));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).type(FHIR_JSON).send(outcome('error', 'not-found', `No route for ${request.method} ${sanitizeForMessage(request.url.split('?')[0] ?? '')}`)),
  );

  registerHealthRoutes(app, ctx);
  await registerAuthRoutes(app, ctx);
  // /fhir/AuditEvent is the audit trail, read-only; its static paths win over /fhir/:type.
  registerAuditRoutes(app, ctx);
  await registerFhirRoutes(app, ctx);
  registerTerminologyRoutes(app, ctx);
  await registerRegisterRoutes(app, ctx);
  await registerFeedRoutes(app, ctx);
  await registerHl7Routes(app, ctx);
  registerSyncRoutes(app, ctx);
  await registerSchedulingRoutes(app, ctx);
  await registerCabinetRoutes(app, ctx);
  await registerDocumentRoutes(app, ctx);
  return app;
}

/** Fastify's own client errors, said in our words and without echoing the request. */
function clientErrorText(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'Request body is larger than the limit';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_BODY':
      return 'Request body is empty';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Content type is not accepted';
    default:
      return 'Bad request';
  }
}

/** Keeps user-supplied text out of markup and logs: printable ASCII letters and a few marks only. */
export function sanitizeForMessage(text: string): string {
  return text.replace(/[^\w ./:+-]/g, '?').slice(0, 100);
}
