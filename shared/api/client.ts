import type { ApiEvent, ApiMethod } from './methods.js';
import { API_METHODS } from './methods.js';
import type { ApiEventPayload, ApiInput, ApiOutput } from './contract.js';
import type { ApiError, ApiResult } from './result.js';

/** How a client reaches the handler map: IPC through the preload, or HTTP in browser mode. */
export type TransportCall = (method: ApiMethod, input: unknown) => Promise<ApiResult<unknown>>;
export type TransportSubscribe = (event: ApiEvent, listener: (payload: unknown) => void) => () => void;

/** An `{ok: false}` answer, thrown by the client so UI code can use ordinary try/catch and suspense. */
export class ApiCallError extends Error {
  constructor(
    readonly method: ApiMethod,
    readonly error: ApiError,
  ) {
    super(error.message);
    this.name = 'ApiCallError';
  }
  get code() {
    return this.error.code;
  }
}

type Namespace<M> = M extends `${infer N}.${string}` ? N : never;
type MethodsOf<N extends string> = Extract<ApiMethod, `${N}.${string}`>;
type Short<M, N extends string> = M extends `${N}.${infer F}` ? F : never;

/** `api.patients.search({query})`: one namespace per prefix, one typed function per method. */
export type ApiClient = {
  readonly [N in Namespace<ApiMethod>]: {
    // `{} extends Input` asks "has the input no required field?": exactly the empty object type is meant.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    readonly [M in MethodsOf<N> as Short<M, N>]: (...args: {} extends ApiInput<M> ? [input?: ApiInput<M>] : [input: ApiInput<M>]) => Promise<ApiOutput<M>>;
  };
} & {
  readonly on: <E extends ApiEvent>(event: E, listener: (payload: ApiEventPayload<E>) => void) => () => void;
};

export function createApiClient(call: TransportCall, subscribe?: TransportSubscribe): ApiClient {
  const namespaces: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const method of API_METHODS) {
    const [namespace, name] = method.split('.') as [string, string];
    (namespaces[namespace] ??= {})[name] = async (input?: unknown) => {
      const result = await call(method, input ?? {});
      if (!result.ok) throw new ApiCallError(method, result.error);
      return result.value;
    };
  }
  const on = (event: ApiEvent, listener: (payload: never) => void) => (subscribe ? subscribe(event, listener as (payload: unknown) => void) : () => {});
  return { ...namespaces, on } as unknown as ApiClient;
}
