import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { RENDERER_CSP } from '../transport/csp.js';

/** BrowserWindow replaced by a recorder: the options are read as the constructor receives them. */
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(readonly options: BrowserWindowConstructorOptions) {}
  },
}));
const { WINDOW_BUILDERS } = await import('./window-options.js');

/** Electron's security checklist, read from every window the app can create. */
describe('every window’s webPreferences', () => {
  const windows = Object.entries(WINDOW_BUILDERS).map(
    ([name, build]) => [name, (build('/app/dist/main/preload.cjs') as unknown as { options: BrowserWindowConstructorOptions }).options] as const,
  );

  it('covers at least the main window', () => {
    expect(windows.map(([name]) => name)).toContain('main');
  });

  it.each(windows)('%s: isolated, sandboxed, without Node, with web security, no webviews, our preload only', (_name, options) => {
    const prefs = options.webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(prefs.preload).toBe('/app/dist/main/preload.cjs');
    // Nothing that would loosen the rules may appear at all.
    for (const loosening of ['enableBlinkFeatures', 'additionalArguments', 'partition', 'enableRemoteModule', 'plugins', 'javascript']) {
      expect(prefs).not.toHaveProperty(loosening);
    }
    expect(prefs.devTools === false || process.env.MEDKARTA_DEVTOOLS === '1').toBe(true);
  });

  it('is served under a policy that allows no inline or evaluated script and no outside origin', () => {
    const directives = new Map(RENDERER_CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(RENDERER_CSP).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe|https?:|\*/);
  });
});
