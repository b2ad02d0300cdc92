import type { RunningCentral } from '../../src-server/main.js';

/** A response with its body parsed (JSON when it is JSON, else the text). */
// Tests read answers field by field; a loose body type keeps them short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * Talks to a running Central over real HTTP, the way a workstation or a laboratory would. Bodies
 * are sent as JSON unless they are a URLSearchParams (a form) or a string.
 */
export function client(central: Pick<RunningCentral, 'url'>, defaults: Record<string, string> = {}) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const isForm = body instanceof URLSearchParams;
    const init: RequestInit = { method, headers: { ...defaults, ...headers } };
    if (body !== undefined) {
      init.body = isForm || typeof body === 'string' ? (body as string | URLSearchParams) : JSON.stringify(body);
      if (!isForm && !('content-type' in (init.headers as Record<string, string>))) (init.headers as Record<string, string>)['content-type'] = 'application/fhir+json';
    }
    const response = await fetch(`${central.url}${path}`, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call('POST', path, body, headers),
    put: (path: string, body?: unknown, headers?: Record<string, string>) => call('PUT', path, body, headers),
    delete: (path: string, headers?: Record<string, string>) => call('DELETE', path, undefined, headers),
    /** The same client, sending these headers too (an Authorization header, usually). */
    with: (headers: Record<string, string>) => client(central, { ...defaults, ...headers }),
  };
}

export type Client = ReturnType<typeof client>;

/** True when a body is an OperationOutcome with at least one issue: how Central says no. */
export function isOutcome(body: unknown): boolean {
  const outcome = body as { resourceType?: string; issue?: unknown[] } | undefined;
  return outcome?.resourceType === 'OperationOutcome' && Array.isArray(outcome.issue) && outcome.issue.length > 0;
}
