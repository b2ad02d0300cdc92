/**
 * What JSON.parse accepts but PostgreSQL's jsonb cannot keep, or keeps as something else: a NUL
 * character or a lone UTF-16 surrogate in a string or a key (jsonb refuses them, which would surface
 * as a 500), and a number too large for a double (JSON.parse makes it Infinity, JSON.stringify then
 * writes null: the value would be lost silently). Answers the path of the first such value.
 */
const UNSTORABLE_TEXT = /\u0000|\p{Cs}/u;

export function findUnstorable(root: unknown, rootPath: string): string | undefined {
  // Nearly every resource is fine: check it without building a path for every value, and find the
  // path only for one that is not.
  return isStorable(root) ? undefined : locateUnstorable(root, rootPath);
}

function isStorable(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (UNSTORABLE_TEXT.test(value)) return false;
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) return false;
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (value && typeof value === 'object') {
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        if (UNSTORABLE_TEXT.test(key)) return false;
        stack.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  return true;
}

function locateUnstorable(root: unknown, rootPath: string): string | undefined {
  const stack: [unknown, string][] = [[root, rootPath]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (UNSTORABLE_TEXT.test(value)) return path;
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) return path;
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (UNSTORABLE_TEXT.test(key)) return path;
        stack.push([item, `${path}.${key}`]);
      }
    }
  }
  return undefined;
}
