/**
 * Links that may leave the app, opened in the system browser: HTTPS to these hosts only. Anything
 * else (file:, javascript:, other hosts) is dropped.
 */
export const EXTERNAL_ALLOW_LIST = ['medkarta.by', 'minzdrav.gov.by', 'icd.who.int'] as const;

export function isAllowedExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && !parsed.username && !parsed.password && EXTERNAL_ALLOW_LIST.some((host) => parsed.hostname === host || parsed.hostname.endsWith(`.${host}`));
  } catch {
    return false;
  }
}
