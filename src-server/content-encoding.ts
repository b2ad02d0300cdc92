import { Transform, type TransformCallback } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { badRequest, payloadTooLarge, unsupportedMediaType } from '../shared/fhir/outcomes.js';

/**
 * Request bodies may come compressed (Content-Encoding gzip, deflate or br, one of them; identity
 * is no coding). Anything else, and stacked codings, is a 415: a body Central cannot read must not
 * be taken for plain JSON. The inflated body counts against the body limit as it is inflated, so a
 * "bomb" (a few kilobytes that inflate to gigabytes) is stopped at the limit: inflation stops there
 * and the inflater is destroyed, costing at most one body limit of memory and time.
 */
const INFLATERS = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
} as const;
type Coding = keyof typeof INFLATERS;

export function acceptCompressedBodies(app: FastifyInstance, defaultLimit: number): void {
  app.addHook('preParsing', async (request, reply, payload) => {
    const header = request.headers['content-encoding'];
    if (header === undefined) return payload;
    const codings = String(header).split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '' && c !== 'identity');
    if (codings.length === 0) return payload;
    if (codings.length > 1) throw unsupportedMediaType('Send a body with one content coding at most (gzip, deflate or br)');
    const coding = codings[0]!;
    if (!Object.hasOwn(INFLATERS, coding)) throw unsupportedMediaType('Content-Encoding must be gzip, deflate, br or identity');
    const limit = request.routeOptions.bodyLimit ?? defaultLimit;
    const inflater = INFLATERS[coding as Coding]();
    const counted = new InflatedBody(limit);
    const stop = (error?: Error) => {
      // The reader hears of the error first; destroying without one would end it silently.
      counted.destroy(error);
      payload.unpipe(inflater);
      inflater.destroy();
    };
    // However the request ends (answered early, client gone), nothing keeps inflating.
    reply.raw.once('close', () => stop());
    payload.once('error', (error) => stop(error));
    inflater.once('error', () => stop(Object.assign(badRequest(`The body is not valid ${coding} data`), { statusCode: 400 })));
    payload.pipe(inflater).pipe(counted);
    counted.track(payload);
    return counted;
  });
}

/** Passes inflated bytes on, failing with a 413 the moment they exceed the limit. */
class InflatedBody extends Transform {
  private inflated = 0;
  /** Compressed bytes received, which Fastify matches against Content-Length. */
  receivedEncodedLength = 0;

  constructor(private readonly limit: number) {
    super();
  }

  track(source: NodeJS.ReadableStream): void {
    source.on('data', (chunk: Buffer) => {
      this.receivedEncodedLength += chunk.length;
    });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.inflated += chunk.length;
    if (this.inflated > this.limit) {
      done(Object.assign(payloadTooLarge('The request body is larger than the limit once decompressed'), { statusCode: 413 }));
      return;
    }
    done(null, chunk);
  }
}
