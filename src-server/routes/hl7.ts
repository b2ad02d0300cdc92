import type { FastifyInstance } from 'fastify';
import { originOf, requirePrincipal } from '../auth/authenticate.js';
import type { CentralContext } from '../context.js';
import { startMllpListener } from '../integration/hl7/mllp.js';
import { receiveHl7 } from '../integration/hl7/receive.js';

export const HL7_CONTENT_TYPE = 'x-application/hl7-v2+er7';

/**
 * HL7 v2 result messages (ORU^R01) from laboratories: POST /hl7 with an institution client's
 * token, the message as the body (x-application/hl7-v2+er7 or text/plain), the ACK as the answer.
 * With MEDKARTA_MLLP_PORT set, Central also listens for MLLP on that port (on its own host).
 */
export async function registerHl7Routes(app: FastifyInstance, ctx: CentralContext): Promise<void> {
  const port = process.env.MEDKARTA_MLLP_PORT;
  if (port) {
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) throw new Error(`MEDKARTA_MLLP_PORT must be a port number, got "${port}"`);
    const listener = await startMllpListener(ctx, { port: Number(port), host: ctx.config.host });
    console.log(`[central] HL7 v2 MLLP listener on ${ctx.config.host}:${listener.port}`);
    app.addHook('onClose', () => listener.close());
  }

  await app.register(async (scope) => {
    scope.addContentTypeParser([HL7_CONTENT_TYPE, 'text/plain'], { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_request, body, done) => done(null, body));
    scope.post('/hl7', async (request, reply) => {
      const principal = requirePrincipal(ctx, request);
      const ack = await receiveHl7(ctx, typeof request.body === 'string' ? request.body : '', { kind: 'http', principal, origin: originOf(request) });
      return reply.type(HL7_CONTENT_TYPE).send(ack);
    });
  });
}
