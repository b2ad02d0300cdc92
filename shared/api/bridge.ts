import type { ApiEvent, ApiMethod } from './methods.js';
import type { ApiResult } from './result.js';

/**
 * What the renderer finds at `window.medkarta`: one function per named API method, plus a way to
 * listen to the named events. The Electron preload builds it over IPC and the browser-mode page
 * builds it over HTTP; both end in `satisfies MedkartaBridge`, so the renderer cannot tell them
 * apart. Inputs are `unknown` here on purpose: main parses every one of them with the schema.
 */
export type MedkartaBridge = {
  readonly [M in ApiMethod]: (input: unknown) => Promise<ApiResult<unknown>>;
} & {
  /** Returns the function that stops listening. */
  readonly subscribe: (event: ApiEvent, listener: (payload: unknown) => void) => () => void;
};

export const BRIDGE_GLOBAL = 'medkarta';
