import type { Resource } from '@medplum/fhirtypes';

/**
 * Deliberately broken copies of a valid resource, each with one fault a validator must refuse:
 * an unknown element, a wrong type, a bad date, a bad code for a required binding, a missing
 * required field, a bad nested value. Used by the validation harness and the unit test.
 */
export function brokenVariants(resource: Resource): [string, unknown][] {
  const copy = (): Record<string, unknown> => structuredClone(resource) as unknown as Record<string, unknown>;
  const variants: [string, unknown][] = [];
  const add = (what: string, change: (r: Record<string, unknown>) => void): void => {
    const r = copy();
    change(r);
    variants.push([what, r]);
  };
  add('unknown-element', (r) => (r['colour'] = 'blue'));
  add('meta-wrong-type', (r) => (r['meta'] = { lastUpdated: 17 }));
  add('bad-language-type', (r) => (r['language'] = 42));
  add('text-missing-div', (r) => (r['text'] = { status: 'generated' }));
  add('text-bad-status', (r) => (r['text'] = { status: 'maybe', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' }));
  add('empty-object', (r) => (r['meta'] = {}));
  add('empty-string-id-prefix', (r) => (r['implicitRules'] = ''));
  for (const [key, value] of Object.entries(resource)) {
    if (key === 'resourceType' || key === 'id') continue;
    if (typeof value === 'string') {
      add(`${key}-as-number`, (r) => (r[key] = 12345));
      if (/^\d{4}-\d{2}-\d{2}/.test(value)) add(`${key}-bad-date`, (r) => (r[key] = '2024-13-45'));
      else add(`${key}-bad-code`, (r) => (r[key] = 'not-a-code-at-all'));
      add(`${key}-removed`, (r) => delete r[key]);
    } else if (Array.isArray(value)) {
      add(`${key}-not-array`, (r) => (r[key] = value[0]));
      add(`${key}-empty-array`, (r) => (r[key] = []));
      add(`${key}-removed`, (r) => delete r[key]);
      if (value[0] && typeof value[0] === 'object') add(`${key}-item-unknown`, (r) => ((r[key] as Record<string, unknown>[])[0]!['bogus'] = true));
    } else if (value && typeof value === 'object') {
      add(`${key}-removed`, (r) => delete r[key]);
      add(`${key}-unknown-child`, (r) => ((r[key] as Record<string, unknown>)['bogus'] = 1));
      add(`${key}-as-string`, (r) => (r[key] = 'text'));
      const reference = (value as { reference?: unknown }).reference;
      if (typeof reference === 'string') add(`${key}-reference-number`, (r) => ((r[key] as Record<string, unknown>)['reference'] = 7));
    } else if (typeof value === 'boolean') {
      add(`${key}-as-string`, (r) => (r[key] = 'true'));
    }
  }
  return variants;
}
