/**
 * What JSON.parse accepts but PostgreSQL's jsonb cannot keep, or keeps as something else: a NUL
 * character or a lone UTF-16 surrogate in a string or a key (jsonb refuses them, which would surface
 * as a 500), and a number too large for a double (JSON.parse makes it Infinity, JSON.stringify then
 * writes null: the value would be lost silently). Answers the path of the first such value.
 */
const UNSTORABLE_TEXT = /\u0000|\p{Cs}/u;

export function findUnstorable(root: unknown, rootPath: string): string | undefined {
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
