/**
 * How Central talks to a state register: JSON over HTTP with a deadline. Every failure is sorted
 * into one of two kinds, because callers treat them differently: the register could not be
 * reached or answered nonsense (try again later, keep the work), or the register answered and
 * refused (tell the person why, do not retry).
 */
export interface RegisterEndpoint {
  /** Base URL of the register's API, without a trailing slash. */
  url: string;
  /** How long one call may take before the register counts as unreachable. */
  timeoutMs: number;
}

/** The register is down, slow past the deadline, or answered with a 5xx or garbage: retry later. */
export class RegisterUnavailableError extends Error {
  constructor(
    readonly register: string,
    readonly reason: string,
  ) {
    super(`The ${register} is unavailable: ${reason}`);
    this.name = 'RegisterUnavailableError';
  }
}

export interface RegisterAnswer {
  status: number;
  body: unknown;
}

/**
 * One call. Answers 2xx and 4xx as data (a 404 is "not known", a 422 a refusal, for the caller to
 * read); throws RegisterUnavailableError for everything that means "not now".
 */
export async function callRegister(
  register: string,
  endpoint: RegisterEndpoint,
  request: { method: 'GET' | 'PUT' | 'POST'; path: string; body?: unknown; headers?: Record<string, string> },
): Promise<RegisterAnswer> {
  let response: Response;
  try {
    response = await fetch(endpoint.url + request.path, {
      method: request.method,
      headers: { accept: 'application/json', ...(request.body === undefined ? {} : { 'content-type': 'application/json' }), ...request.headers },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(endpoint.timeoutMs),
    });
  } catch (error) {
    const name = (error as { name?: string }).name;
    throw new RegisterUnavailableError(register, name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${endpoint.timeoutMs} ms` : 'connection failed');
  }
  let text: string;
  try {
    text = await response.text();
  } catch {
    throw new RegisterUnavailableError(register, `no answer within ${endpoint.timeoutMs} ms`);
  }
  if (response.status >= 500) throw new RegisterUnavailableError(register, `it answered ${response.status}`);
  try {
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  } catch {
    throw new RegisterUnavailableError(register, 'it answered with something that is not JSON');
  }
}

/** Reads a register's answer through a schema; an answer of the wrong shape is the register's fault. */
export function parseAnswer<T>(register: string, schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new RegisterUnavailableError(register, 'it answered in an unexpected shape');
  return parsed.data;
}
