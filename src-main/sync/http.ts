import type { OperationOutcome } from '@medplum/fhirtypes';
import type { z } from 'zod';

/**
 * Why a request to Central did not go through. None of these loses anything: the outbox keeps
 * its mutations and the cursor stays where it was, so every one of them means "try again later";
 * they differ in what the status line says and how long to wait.
 * - unreachable: no answer (network down, timeout, connection cut): the workstation is offline.
 * - busy: Central answered 5xx, 429 or 408; it may say when to come back (Retry-After).
 * - unauthorized: no token, or Central refused it (401): the token is dropped and fetched anew.
 * - protocol: Central speaks another protocol version: "update required", retried rarely.
 * - refused: any other refusal of a whole request (403: the enrolment was revoked, say).
 */
export type SyncFailureKind = 'unreachable' | 'busy' | 'unauthorized' | 'protocol' | 'refused';

export class SyncRequestError extends Error {
  constructor(
    readonly kind: SyncFailureKind,
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SyncRequestError';
  }
}

export interface SyncHttpOptions {
  centralUrl: string;
  fetch: typeof fetch;
  accessToken: () => Promise<string | null>;
  timeoutMs: number;
}

/** POSTs a sync request and parses the answer with the protocol's schema, classifying failures. */
export function postSync<T>(options: SyncHttpOptions, path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
  return postSyncWithHead(options, path, body, (response) => readJson(response, path, schema)).answer;
}

/**
 * The same, with the answer's head apart and the body read by `read` (a refusal is classified
 * before): `head` resolves as soon as Central's head arrives (null if no answer or a refusal came),
 * before the body has been read; it never rejects.
 */
export function postSyncWithHead<T>(options: SyncHttpOptions, path: string, body: unknown, read: (response: Response) => Promise<T>): { head: Promise<Headers | null>; answer: Promise<T> } {
  const response = send(options, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return {
    head: response.then(
      (r) => (r.ok ? r.headers : null),
      () => null,
    ),
    answer: response.then(async (r) => {
      if (!r.ok) throw failureOf(r, await r.text().catch(() => ''));
      return read(r);
    }),
  };
}

/** An answer's body parsed as JSON and checked with the protocol's schema. */
export async function readJson<T>(response: Response, path: string, schema: z.ZodType<T>): Promise<T> {
  const text = await readBody(() => response.text());
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SyncRequestError('busy', `Central's answer to ${path} is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new SyncRequestError('busy', `Central's answer to ${path} is not what this workstation understands: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** An answer's body as bytes. */
export async function readBytes(response: Response): Promise<Buffer> {
  return Buffer.from(await readBody(() => response.arrayBuffer()));
}

async function readBody<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (cause) {
    throw new SyncRequestError('unreachable', 'The connection to Central broke during the answer', undefined, { cause });
  }
}

/** Opens a streaming GET (server-sent events); the caller reads the body until it ends. */
export async function openStream(options: SyncHttpOptions, path: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const response = await send(options, path, { method: 'GET', headers: { accept: 'text/event-stream' } }, signal);
  if (!response.ok || !response.body) throw failureOf(response, await response.text().catch(() => ''));
  return response.body;
}

async function send(options: SyncHttpOptions, path: string, init: RequestInit & { headers: Record<string, string> }, signal?: AbortSignal): Promise<Response> {
  const token = await options.accessToken().catch(() => null);
  if (!token) throw new SyncRequestError('unauthorized', 'No credentials for Central yet (not enrolled, or Central could not issue a token)');
  const url = new URL(path, options.centralUrl).toString();
  try {
    return await options.fetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` }, signal: signal ?? AbortSignal.timeout(options.timeoutMs) });
  } catch (cause) {
    throw new SyncRequestError('unreachable', `Central at ${options.centralUrl} cannot be reached`, undefined, { cause });
  }
}

function failureOf(response: Response, text: string): SyncRequestError {
  const outcome = outcomeOf(text);
  const words = outcome?.issue?.map((issue) => issue.details?.text ?? issue.diagnostics).filter(Boolean).join('; ') || `HTTP ${response.status}`;
  const status = response.status;
  if (status >= 500 || status === 429 || status === 408) return new SyncRequestError('busy', `Central is busy: ${words}`, retryAfterOf(response.headers.get('retry-after')));
  if (status === 401) return new SyncRequestError('unauthorized', `Central refused the credentials: ${words}`);
  if (status === 400 && outcome?.issue?.some((issue) => issue.expression?.includes('protocolVersion'))) return new SyncRequestError('protocol', `Update required: ${words}`);
  return new SyncRequestError('refused', `Central refused the request: ${words}`);
}

function outcomeOf(text: string): OperationOutcome | undefined {
  try {
    const json = JSON.parse(text) as OperationOutcome;
    return json?.resourceType === 'OperationOutcome' ? json : undefined;
  } catch {
    return undefined;
  }
}

function retryAfterOf(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
