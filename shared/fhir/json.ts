import { badRequest } from './outcomes.js';

/** Deeper than any real FHIR resource (a Questionnaire nests items a dozen levels at most). */
export const MAX_JSON_DEPTH = 64;

/**
 * JSON.parse with the refusals a public endpoint needs: nesting past `maxDepth` is refused before
 * parsing (a recursive walk over hostile input would overflow the stack), and a syntax error is a
 * 400 that says where, never echoing the input.
 */
export function parseJsonBounded(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) throw badRequest(`JSON is nested more than ${maxDepth} levels deep`);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const where = /position \d+/.exec(String((error as Error).message))?.[0];
    throw badRequest(`Malformed JSON${where ? ` at ${where}` : ''}`);
  }
}
