import { UCUM, evalFhirPathTyped, fhirTypeToJsType, isPrimitiveType, parseFhirPath, toTypedValue, tryGetDataType, validationRegexes } from '@medplum/core';
import type { InternalSchemaElement, InternalTypeSchema, TypedValue } from '@medplum/core';

/**
 * A fast proof that @medplum/core's validateResource would find no error in a resource. Medplum's
 * validator looks up every element of a type's definition in every object (an Observation's fifty,
 * each choice type tried eleven ways), builds a path string and a wrapper object for each, absent
 * or not; that is most of its time. This walk looks only at the keys an object has, against tables
 * built once per type, and evaluates the same FHIRPath invariants with medplum's own evaluator.
 *
 * It never refuses anything itself: whatever it is not sure medplum would accept (any fault, or
 * anything unusual: primitive extensions, contained resources, slicing, fixed or pattern values,
 * a choice given twice, a key named "length") answers false, and the caller runs medplum's
 * validator, so a refusal and its messages are always medplum's. The validation harness
 * (test/bench/central/validation-harness.ts) shows the outcomes are unchanged.
 */

type Invariant = { atom: ReturnType<typeof parseFhirPath>; holdsWithout: ((value: Record<string, unknown>) => boolean) | undefined };
type Key = { element: InternalSchemaElement; type: string; choice: string | undefined; primitive: boolean; invariants: Invariant[] };
type Plan = { keys: Map<string, Key>; required: { element: InternalSchemaElement; keys: string[] }[]; invariants: Invariant[] };

const plans = new Map<string, Plan>();
/** Invariants medplum does not evaluate (validation.ts in @medplum/core, skippedConstraintKeys). */
const SKIPPED_CONSTRAINTS = new Set(['ele-1', 'dom-3', 'org-1', 'sdf-19']);
const ucum = toTypedValue(UCUM);

/**
 * Invariants met by every resource and every Observation that lack one element, whatever the
 * rest holds: each is "X.<anything>.empty()", or "X.empty() or <a boolean>", and X absent makes it
 * true in FHIRPath. Matched by their exact text, so a changed definition is evaluated again.
 * Together they are most of the invariants a resource meets (dom-2, dom-4, dom-5 on every one).
 */
const HOLDS_WITHOUT: Record<string, string> = {
  'contained.contained.empty()': 'contained',
  'contained.meta.versionId.empty() and contained.meta.lastUpdated.empty()': 'contained',
  'contained.meta.security.empty()': 'contained',
  'dataAbsentReason.empty() or value.empty()': 'dataAbsentReason',
  'value.empty() or component.code.where(coding.intersect(%resource.code.coding).exists()).empty()': 'component',
};

/**
 * The invariants medplum evaluates among these. `context` is the type they are checked on, given
 * for a type's own invariants: the shortcut is taken only where its element is a plain one there.
 */
function invariantsOf(constraints: InternalSchemaElement['constraints'], context?: InternalTypeSchema): Invariant[] {
  return (constraints ?? [])
    .filter((constraint) => constraint.severity === 'error' && !SKIPPED_CONSTRAINTS.has(constraint.key))
    .map((constraint) => {
      const key = HOLDS_WITHOUT[constraint.expression];
      const plain = key !== undefined && context?.elements[key] !== undefined && context.elements[`${key}[x]`] === undefined;
      return { atom: parseFhirPath(constraint.expression), holdsWithout: plain ? (value: Record<string, unknown>) => value[key] === undefined && value[`_${key}`] === undefined : undefined };
    });
}

function capitalize(code: string): string {
  return code ? code.charAt(0).toUpperCase() + code.substring(1) : '';
}

/** The element a choice key (valueQuantity) names by medplum's rule in checkAdditionalProperties: the first prefix before a capital that is an X[x] element. */
function choiceByPrefix(schema: InternalTypeSchema, key: string): string | undefined {
  let prefix = '';
  for (const part of key.split(/(?=[A-Z])/g)) {
    prefix += part;
    if (schema.elements[prefix + '[x]']) return prefix + '[x]';
  }
  return undefined;
}

/**
 * What each key of an object of this type may be, and which elements must be there; computed once
 * a type's definition is indexed. Keys medplum reads in any unusual way are left out, so meeting
 * one sends the resource to medplum.
 */
function planFor(typeName: string): Plan | undefined {
  const known = plans.get(typeName);
  if (known) return known;
  const schema = tryGetDataType(typeName);
  let plan: Plan | undefined;
  if (schema) {
    plan = { keys: new Map(), required: [], invariants: invariantsOf(schema.constraints, schema) };
    for (const [name, element] of Object.entries(schema.elements)) {
      const last = element.path.substring(element.path.lastIndexOf('.') + 1);
      const keys: string[] = [];
      if (name.endsWith('[x]') && last === name) {
        for (const { code } of element.type) {
          const key = last.replace('[x]', capitalize(code));
          // Taken only when medplum's two ways of reading the key agree on the element.
          if (choiceByPrefix(schema, key) === name && !schema.elements[key]) keys.push(key);
          plan.keys.set(key, { element, type: code, choice: name, primitive: isPrimitiveType(code), invariants: invariantsOf(element.constraints) });
        }
      } else if (element.type.length === 1 && last === name && !choiceByPrefix(schema, name)) {
        keys.push(name);
        const type = element.type[0]!.code;
        plan.keys.set(name, { element, type, choice: undefined, primitive: isPrimitiveType(type), invariants: invariantsOf(element.constraints) });
      }
      if (element.min > 0) plan.required.push({ element, keys });
    }
    for (const [key, entry] of plan.keys) {
      const unusual = entry.element.slicing || entry.element.fixed || entry.element.pattern || entry.type === 'Resource' || entry.type === 'undefined';
      const choiceAmbiguous = entry.choice !== undefined && (choiceByPrefix(schema, key) !== entry.choice || schema.elements[key]);
      if (unusual || choiceAmbiguous) plan.keys.delete(key);
    }
  }
  if (plan) plans.set(typeName, plan);
  return plan;
}

/** True only when medplum's validateResource would report no error for this resource. */
export function provablyValid(resource: { resourceType: string }): boolean {
  try {
    return walk(resource);
  } catch {
    return false; // a stack overflow on hostile nesting, say: medplum's to judge
  }
}

function walk(resource: { resourceType: string }): boolean {
  const root: TypedValue = { type: resource.resourceType, value: resource };
  const plan = planFor(resource.resourceType);
  if (!plan || !invariantsHold(plan.invariants, root, root)) return false;
  return objectValid(resource as unknown as Record<string, unknown>, resource.resourceType, root, true);
}

/** The invariants, evaluated as medplum's constraintsCheck does: same variables, same evaluator. */
function invariantsHold(invariants: readonly Invariant[], value: TypedValue, root: TypedValue): boolean {
  for (const { atom, holdsWithout } of invariants) {
    if (holdsWithout && value.value && typeof value.value === 'object' && holdsWithout(value.value as Record<string, unknown>)) continue;
    try {
      const variables = { '%context': value, '%ucum': ucum, '%resource': root, '%rootResource': root };
      const result = evalFhirPathTyped(atom, [value], variables);
      if (result.length !== 1 || result[0]!.value !== true) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function objectValid(object: Record<string, unknown>, typeName: string, root: TypedValue, isRoot: boolean): boolean {
  const plan = planFor(typeName);
  if (!plan) return false;
  let choicesSeen: Set<string> | undefined;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) return false;
    const value = object[key];
    if (key === 'resourceType') {
      if (typeof value !== 'string' || !isRoot) return false; // a nested resource is medplum's to judge
      continue;
    }
    if (key === 'length') return false; // medplum's isEmpty reads a "length" key as an array's
    const entry = plan.keys.get(key);
    if (!entry || value === null) return false;
    if (value === undefined) continue; // absent to medplum too (never so in parsed JSON)
    if (entry.choice) {
      choicesSeen ??= new Set();
      if (choicesSeen.has(entry.choice)) return false;
      choicesSeen.add(entry.choice);
    }
    const { element, type, primitive, invariants } = entry;
    let values: unknown[];
    if (element.isArray) {
      if (!Array.isArray(value) || value.length === 0) return false;
      values = value;
    } else {
      if (Array.isArray(value)) return false;
      values = [value];
    }
    if (values.length < element.min || values.length > element.max) return false;
    for (const item of values) {
      if (item === null || item === undefined) return false;
      if (primitive) {
        if (!primitiveValid(item, type)) return false;
      } else if (typeof item !== 'object' || Array.isArray(item) || Object.keys(item).length === 0) {
        return false;
      }
      if (invariants.length > 0 && !invariantsHold(invariants, { type, value: item }, root)) return false;
      if (!primitive && !objectValid(item as Record<string, unknown>, type, root, false)) return false;
    }
  }
  for (const { keys } of plan.required) {
    if (!keys.some((key) => object[key] !== undefined)) return false;
  }
  return true;
}

/** Medplum's checks of a primitive value (validatePrimitiveType, validateString, validateNumber), passing only. */
function primitiveValid(value: unknown, type: string): boolean {
  if (!(type in fhirTypeToJsType)) return false;
  const expected = fhirTypeToJsType[type as keyof typeof fhirTypeToJsType];
  if (typeof value !== expected) return false;
  if (expected === 'string') {
    const text = value as string;
    if (!text.trim() || text.length > 1024 * 1024) return false;
    const regex = validationRegexes[type];
    return !regex || regex.exec(text) !== null;
  }
  if (expected === 'number') {
    const n = value as number;
    if (!Number.isFinite(n)) return false;
    if ((type === 'integer' || type === 'positiveInt' || type === 'unsignedInt') && !Number.isInteger(n)) return false;
    if (type === 'positiveInt' && n <= 0) return false;
    if (type === 'unsignedInt' && n < 0) return false;
  }
  return true;
}
