import type { BrowserContext, Page } from 'playwright-core';

/**
 * Hostile text for the XSS end-to-end test. Every payload, if it ever ran, would leave a trace the
 * test reads: `window.__xss` set to its id, a dialog, a request to the canary host, or (because the
 * page's CSP refuses inline script) a CSP violation proving the text became markup. Each payload
 * carries its id (x01...) so a missing or mangled one can be named.
 */
export const CANARY_HOST = 'xss-canary.test';
const C = `http://${CANARY_HOST}`;

export const XSS_PAYLOADS: readonly string[] = [
  `<script>window.__xss='x01'</script>`,
  `<img src=x onerror="window.__xss='x02'">`,
  `<svg onload="window.__xss='x03'">`,
  `<svg><script>window.__xss='x04'</script></svg>`,
  `javascript:window.__xss='x05'`,
  `<a href="javascript:window.__xss='x06'">x06</a>`,
  `" onmouseover="window.__xss='x07'" data-x="`,
  `' onfocus='window.__xss="x08"' autofocus data-x='`,
  `<body onload=window.__xss='x09'>`,
  `<iframe src="javascript:window.__xss='x10'"></iframe>`,
  `<iframe srcdoc="<script>parent.__xss='x11'</script>"></iframe>`,
  `<div style="width: expression(window.__xss='x12')">x12</div>`,
  `<style>@import '${C}/x13.css';</style>`,
  `{{constructor.constructor('window.__xss="x14"')()}}`,
  `\${window.__xss='x15'}`,
  `<%= window.__xss='x16' %>`,
  `[x17](javascript:window.__xss='x17')`,
  `![x18](x" onerror="window.__xss='x18')`,
  `\\u003cscript\\u003ewindow.__xss='x19'\\u003c/script\\u003e`,
  `&lt;img src=x onerror=window.__xss='x20'&gt;`,
  `%3Cscript%3Ewindow.__xss='x21'%3C/script%3E`,
  `<scr<script>ipt>window.__xss='x22'</scr</script>ipt>`,
  `<IMG SRC=JaVaScRiPt:window.__xss='x23'>`,
  `<img src="x:x" onerror="fetch('${C}/x24')">`,
  `<object data="javascript:window.__xss='x25'"></object>`,
  `<embed src="javascript:window.__xss='x26'">`,
  `<meta http-equiv="refresh" content="0;url=${C}/x27">`,
  `<base href="${C}/x28/">`,
  `<form action="${C}/x29"><button>x29</button></form>`,
  `<details open ontoggle="window.__xss='x30'">`,
  `<video><source onerror="window.__xss='x31'"></video>`,
  `<input autofocus onfocus="window.__xss='x32'">`,
  `<marquee onstart="window.__xss='x33'">x33</marquee>`,
  `jaVasCript:/*-/*\`/*\\\`/*'/*"/**/(/* */oNcliCk=window.__xss='x34' )//%0D%0A//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=window.__xss='x34'//>\\x3e`,
  `"><script>window.__xss='x35'</script>`,
  `'--></style></script><script>window.__xss='x36'</script>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="window.__xss='x37'">`,
  `<noscript><p title="</noscript><img src=x onerror=window.__xss='x38'>">`,
  `<svg><animate onbegin="window.__xss='x39'" attributeName=x dur=1s>`,
  `<link rel=stylesheet href="${C}/x40.css">`,
  `data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9J3g0MSc8L3NjcmlwdD4=#x41`,
  `<a href="${C}/x42" target="_blank">x42</a>`,
  `<img src="${C}/x43.png">`,
  `＜script＞window.__xss='x44'＜/script＞`,
  `<x onpointerenter="window.__xss='x45'">x45</x>`,
  `<script>alert('x46')</script>`,
  `<img src=x onerror=alert('x47')>`,
  `<svg/onload=confirm('x48')>`,
];

/** The payload's id (x01...). */
export const payloadId = (payload: string): string => /x\d\d/.exec(payload)![0];

declare global {
  interface Window {
    __xss?: unknown;
    __cspViolations?: string[];
  }
}

/** What the canaries saw on one page. */
export interface CanaryReport {
  xss: unknown;
  cspViolations: string[];
  canaryRequests: string[];
  dialogs: string[];
  pageErrors: string[];
  consoleErrors: string[];
  foreignUrl: string | null;
}

/**
 * Sets the canaries on a page before anything of the app runs: CSP violations recorded (a blocked
 * inline handler is proof the text became markup), requests to the canary host intercepted and
 * refused, dialogs and script errors recorded.
 */
export async function watchForXss(context: BrowserContext, page: Page, appOrigin: string): Promise<() => Promise<CanaryReport>> {
  const canaryRequests: string[] = [];
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  await context.route((url) => url.hostname === CANARY_HOST, async (route) => {
    canaryRequests.push(route.request().url());
    await route.abort();
  });
  const listen = () => {
    if (window.__cspViolations) return;
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => window.__cspViolations!.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`));
  };
  // For documents to come, and for the one already open (the app is one page: it never navigates).
  await page.addInitScript(listen);
  await page.evaluate(listen);
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(message.text());
  });
  return async () => {
    const inPage = await page.evaluate(() => ({ xss: window.__xss, cspViolations: window.__cspViolations ?? [] }));
    const url = page.url();
    return {
      ...inPage,
      canaryRequests: [...canaryRequests],
      dialogs: [...dialogs],
      pageErrors: [...pageErrors],
      // The app's own expected noise (an offline fetch, a refused API call) is not about payloads.
      consoleErrors: consoleErrors.filter((text) => /xss|Content Security Policy|Refused to/i.test(text)),
      foreignUrl: url.startsWith(appOrigin) ? null : url,
    };
  };
}

/**
 * Elements and attributes only markup from the data could have put on the page: the app itself
 * renders none of them (its trend charts are SVG without handlers, it has no images or frames).
 */
export async function injectedMarkup(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const element of document.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        if (/^on/i.test(attribute.name)) found.push(`${element.tagName} ${attribute.name}`);
        if (/^\s*(javascript|data|vbscript):/i.test(attribute.value) && /^(href|src|action|data|formaction|xlink:href)$/i.test(attribute.name)) found.push(`${element.tagName} ${attribute.name}=${attribute.value}`);
      }
    }
    const selectors = ['script:not([src])', 'img', 'iframe', 'object', 'embed', 'base', 'meta[http-equiv="refresh"]', 'form[action]', 'marquee', 'details', 'math', 'noscript', 'link:not([rel="stylesheet"][href^="./"]):not([rel="stylesheet"][href^="/"])', 'video', 'x'];
    for (const selector of selectors) for (const element of document.querySelectorAll(selector)) found.push(selector === 'x' ? 'X element' : `${element.tagName} (${selector})`);
    for (const style of document.querySelectorAll('body style')) found.push(`STYLE in body: ${style.textContent?.slice(0, 40)}`);
    return found;
  });
}
