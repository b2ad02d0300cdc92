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

export function outcome(severity: OperationOutcomeIssue['severity'], code: IssueCode, text: string, expression?: string): OperationOutcome {
  const issue: OperationOutcomeIssue = { severity, code, details: { text } };
  if (expression) issue.expression = [expression];
  return { resourceType: 'OperationOutcome', issue: [issue] };
}

const fail = (status: number, code: IssueCode, text: string, expression?: string) =>
  new OperationOutcomeError(status, outcome('error', code, text, expression));

export const badRequest = (text: string, expression?: string) => fail(400, 'invalid', text, expression);
export const unauthorized = (text = 'Authentication required') => fail(401, 'login', text);
export const forbidden = (text = 'Forbidden') => fail(403, 'forbidden', text);
export const notFound = (text = 'Not found') => fail(404, 'not-found', text);
export const gone = (text = 'Deleted') => fail(410, 'deleted', text);
export const conflict = (text: string, expression?: string) => fail(409, 'conflict', text, expression);
export const preconditionFailed = (text: string) => fail(412, 'conflict', text);
export const unsupportedMediaType = (text: string) => fail(415, 'not-supported', text);
export const payloadTooLarge = (text: string) => fail(413, 'too-costly', text);
export const tooManyRequests = (text: string) => fail(429, 'throttled', text);
export const unprocessable = (text: string, expression?: string) => fail(422, 'processing', text, expression);

export function allOk(text = 'All OK'): OperationOutcome {
  return outcome('information', 'informational', text);
}

export function isOperationOutcomeError(error: unknown): error is OperationOutcomeError {
  return error instanceof OperationOutcomeError;
}
