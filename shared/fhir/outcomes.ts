import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

/**
 * Errors cross every boundary as OperationOutcomes. `status` is the HTTP status Central answers
 * with; the workstation keeps the same object in its inbox so a person reads the same words.
 */
export class OperationOutcomeError extends Error {
  constructor(
    readonly status: number,
    readonly outcome: OperationOutcome,
  ) {
    super(outcome.issue?.map((issue) => issue.details?.text ?? issue.diagnostics ?? issue.code).join('; ') ?? 'error');
    this.name = 'OperationOutcomeError';
  }
}

type IssueCode = OperationOutcomeIssue['code'];

/**
 * Our machine code of a refusal (issue.details.coding), so that a screen says it in the person's
 * language while `details.text` keeps Central's English words (shown when a code is unknown to it).
 * The codes: shared/fhir/refusal-codes.ts.
 */
export const REFUSAL_SYSTEM = 'https://medkarta.by/fhir/CodeSystem/refusal';

export function outcome(severity: OperationOutcomeIssue['severity'], code: IssueCode, text: string, expression?: string, refusal?: string): OperationOutcome {
  const issue: OperationOutcomeIssue = { severity, code, details: { ...(refusal ? { coding: [{ system: REFUSAL_SYSTEM, code: refusal }] } : {}), text } };
  if (expression) issue.expression = [expression];
  return { resourceType: 'OperationOutcome', issue: [issue] };
}

const fail = (status: number, code: IssueCode, refusal: string, text: string, expression?: string) =>
  new OperationOutcomeError(status, outcome('error', code, text, expression, refusal));

export const badRequest = (text: string, expression?: string) => fail(400, 'invalid', 'invalid', text, expression);
export const unauthorized = (text = 'Authentication required') => fail(401, 'login', 'login', text);
export const forbidden = (text = 'Forbidden') => fail(403, 'forbidden', 'forbidden', text);
export const notFound = (text = 'Not found') => fail(404, 'not-found', 'not-found', text);
export const gone = (text = 'Deleted') => fail(410, 'deleted', 'deleted', text);
export const conflict = (text: string, expression?: string) => fail(409, 'conflict', 'conflict', text, expression);
export const preconditionFailed = (text: string) => fail(412, 'conflict', 'conflict', text);
export const unsupportedMediaType = (text: string) => fail(415, 'not-supported', 'invalid', text);
export const payloadTooLarge = (text: string) => fail(413, 'too-costly', 'invalid', text);
export const tooManyRequests = (text: string) => fail(429, 'throttled', 'throttled', text);
export const unprocessable = (text: string, expression?: string) => fail(422, 'processing', 'invalid', text, expression);

/** The same refusal under a more precise code of ours (a sick-leave rule, a scope refusal). */
export function withRefusalCode(error: OperationOutcomeError, refusal: string): OperationOutcomeError {
  const issue = error.outcome.issue?.[0];
  if (!issue) return error;
  const rest = error.outcome.issue!.slice(1);
  const coded: OperationOutcomeIssue = { ...issue, details: { ...issue.details, coding: [{ system: REFUSAL_SYSTEM, code: refusal }] } };
  return new OperationOutcomeError(error.status, { ...error.outcome, issue: [coded, ...rest] });
}

export function allOk(text = 'All OK'): OperationOutcome {
  return outcome('information', 'informational', text);
}

export function isOperationOutcomeError(error: unknown): error is OperationOutcomeError {
  return error instanceof OperationOutcomeError;
}
