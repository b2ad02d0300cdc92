import type { OperationOutcome } from '@medplum/fhirtypes';
import type { z } from 'zod';
import { OperationOutcomeError, outcome } from '../../shared/fhir/outcomes.js';

/**
 * Central could not be reached, or answered that it cannot serve now (5xx, a timeout): worth
 * trying again later, and the workstation carries on offline meanwhile.
 */
export class CentralUnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CentralUnreachableError';
  }
}

export interface CentralRequest<T> {
  method?: 'GET' | 'POST' | 'PUT';
  /** JSON body; `form` sends application/x-www-form-urlencoded instead (OAuth token requests). */
  body?: unknown;
  form?: Record<string, string>;
  token?: string | null;
  /** What a 2xx answer must look like; anything else is Central's fault and reported as such. */
  schema: z.ZodType<T>;
  timeoutMs?: number;
}

export type CentralCall = <T>(path: string, request: CentralRequest<T>) => Promise<T>;

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The one way the workstation's services talk to Central over HTTP. A refusal (4xx) becomes an
 * OperationOutcomeError carrying Central's own words; an unreachable Central, a 5xx or a timeout
 * becomes CentralUnreachableError; a 2xx body is parsed with the caller's schema.
 */
export function centralCaller(baseUrl: () => string, fetchImpl: typeof fetch = fetch): CentralCall {
  return async function call<T>(path: string, request: CentralRequest<T>): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.token) headers.authorization = `Bearer ${request.token}`;
    let body: string | undefined;
    if (request.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(request.form).toString();
    } else if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    const url = new URL(path, baseUrl()).toString();
    let response: Response;
    try {
      response = await fetchImpl(url, { method: request.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, signal: AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
    } catch (cause) {
      throw new CentralUnreachableError(`Central at ${baseUrl()} cannot be reached`, { cause });
    }
    const text = await response.text().catch(() => '');
    if (response.status >= 500) throw new CentralUnreachableError(`Central answered ${response.status}: ${outcomeText(text) ?? 'server error'}`);
    if (response.status >= 400) throw new OperationOutcomeError(response.status, outcomeOf(text, response.status));
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      throw new CentralUnreachableError(`Central answered ${path} with something that is not JSON`);
    }
    const parsed = request.schema.safeParse(json);
    if (!parsed.success) throw new CentralUnreachableError(`Central's answer to ${path} is not what this workstation understands (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    return parsed.data;
  };
}

function outcomeOf(text: string, status: number): OperationOutcome {
  try {
    const json = JSON.parse(text) as OperationOutcome;
    if (json?.resourceType === 'OperationOutcome' && Array.isArray(json.issue)) return json;
  } catch {
    // Not an OperationOutcome: say what we know.
  }
  return outcome('error', 'processing', `Central refused the request (HTTP ${status})`);
}

function outcomeText(text: string): string | undefined {
  try {
    const json = JSON.parse(text) as OperationOutcome;
    return json.issue?.map((i) => i.details?.text ?? i.diagnostics).filter(Boolean).join('; ') || undefined;
  } catch {
    return undefined;
  }
}
