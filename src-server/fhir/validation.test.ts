import { readFileSync } from 'node:fs';
import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { loadDefinitions, validateIncoming, validateStructure } from './validation.js';
import { provablyValid } from './validation-fast.js';
import { brokenVariants } from './validation-variants.js';

/**
 * A slice of the validation harness (test/bench/central/validation-harness.ts): official R4
 * examples, one demo resource of each type and broken variants of those, each with the outcome the
 * validator gave when the slice was recorded. A validator made faster must decide exactly the same;
 * one that lets any broken variant through fails here. Regenerate with the harness's --fixture.
 */
type Outcome = { accepted: boolean; issues: string[] };
const cases = JSON.parse(readFileSync(new URL('./validation-cases.json', import.meta.url), 'utf8')) as {
  resources: (Outcome & { name: string; resource: Resource })[];
  variants: Record<string, Outcome>;
};

function outcomeOf(resource: unknown): Outcome {
  try {
    validateIncoming(structuredClone(resource));
    return { accepted: true, issues: [] };
  } catch (error) {
    const issues = (error as { outcome?: { issue?: { severity?: string; code?: string; details?: { text?: string }; expression?: string[] }[] } }).outcome?.issue;
    if (!issues) throw error;
    return { accepted: false, issues: issues.map((i) => `${i.severity} ${i.code} ${(i.expression ?? []).join(',')} ${i.details?.text ?? ''}`) };
  }
}

function medplumRefuses(resource: Resource): boolean {
  try {
    return validateStructure(structuredClone(resource)).some((issue) => issue.severity === 'error' || issue.severity === 'fatal');
  } catch {
    return true;
  }
}

describe('validateIncoming against the recorded harness slice', () => {
  loadDefinitions();

  it('decides every official example and demo resource as recorded', () => {
    const differing = cases.resources.filter((c) => JSON.stringify(outcomeOf(c.resource)) !== JSON.stringify({ accepted: c.accepted, issues: c.issues }));
    expect(differing.map((c) => c.name)).toEqual([]);
    expect(cases.resources.filter((c) => c.accepted).length).toBeGreaterThan(50);
  });

  it('refuses the broken variants it refused, with the same issues', () => {
    const demo = cases.resources.filter((c) => c.name.startsWith('demo/'));
    expect(demo.length).toBeGreaterThan(10);
    const seen: string[] = [];
    const differing: string[] = [];
    for (const { resource } of demo) {
      for (const [what, broken] of brokenVariants(resource)) {
        const name = `broken/${resource.resourceType}/${what}`;
        seen.push(name);
        if (JSON.stringify(outcomeOf(broken)) !== JSON.stringify(cases.variants[name])) differing.push(name);
      }
    }
    expect(differing).toEqual([]);
    expect(seen.sort()).toEqual(Object.keys(cases.variants).sort());
    expect(Object.values(cases.variants).filter((o) => !o.accepted).length).toBeGreaterThan(300);
  });

  it('refuses a wrong type, an unknown element, a bad date and a bad required code by name', () => {
    const patient = cases.resources.find((c) => c.name.startsWith('demo/') && c.resource.resourceType === 'Patient')!.resource;
    const refusal = (change: Record<string, unknown>): string[] => outcomeOf({ ...patient, ...change }).issues;
    expect(refusal({ active: 'yes' })).toEqual([expect.stringContaining('Patient.active Invalid JSON type: expected boolean')]);
    expect(refusal({ colour: 'blue' })).toEqual([expect.stringContaining('Invalid additional property "colour"')]);
    expect(refusal({ birthDate: '1990-02-31x' })).toEqual([expect.stringContaining('Patient.birthDate Invalid date format')]);
    expect(refusal({ gender: 'yes' })).toEqual([expect.stringContaining('Patient.gender')]);
  });

  it('takes the fast path for the demo resources, never for a variant medplum refuses', () => {
    for (const { name, resource } of cases.resources.filter((c) => c.name.startsWith('demo/'))) expect([name, provablyValid(structuredClone(resource))]).toEqual([name, true]);
    const wronglyProved: string[] = [];
    let refused = 0;
    for (const { resource } of cases.resources.filter((c) => c.name.startsWith('demo/'))) {
      for (const [what, broken] of brokenVariants(resource)) {
        const name = `broken/${resource.resourceType}/${what}`;
        if (!medplumRefuses(broken as Resource)) continue;
        refused++;
        if (provablyValid(broken as Resource)) wronglyProved.push(name);
      }
    }
    expect(wronglyProved).toEqual([]);
    expect(refused).toBeGreaterThan(200);
  });

  it('evaluates the invariants it may skip once their element is there (obs-6, obs-7, dom-2)', () => {
    const demo = cases.resources.find((c) => c.name.startsWith('demo/') && c.resource.resourceType === 'Observation')!.resource;
    const observation = { ...demo, valueString: 'positive' } as Resource & { code: unknown };
    expect(provablyValid(observation)).toBe(true);
    const faulty = [
      { ...observation, dataAbsentReason: { text: 'not done' } },
      { ...observation, component: [{ code: observation.code, valueString: 'x' }] },
      { ...observation, contained: [{ resourceType: 'Patient', id: 'p', contained: [{ resourceType: 'Patient', id: 'q' }] }] },
    ] as Resource[];
    for (const resource of faulty) {
      expect(medplumRefuses(resource)).toBe(true);
      expect(provablyValid(resource)).toBe(false);
      expect(outcomeOf(resource).accepted).toBe(false);
    }
  });
});
