import type { Demographics } from './demographics.js';

/**
 * How sure we are that two sets of demographics are one person, from 0 to 1. Weights: date of
 * birth 0.40, surname 0.25, given name 0.20, sex 0.10, patronymic and phone 0.05 each. Near misses
 * (a typo, two digits of the date swapped) earn part and keep the score below certainty; a clear
 * disagreement costs (different sex, a different given name: twins share everything else). Candidates with a different personal
 * number are never the same person and are not scored at all.
 */
export const AUTO_ATTACH = 0.9;
/** A second candidate this close to the best makes the best one uncertain. */
export const CLEAR_MARGIN = 0.15;
export const REVIEW_FROM = 0.6;

export interface Scored {
  score: number;
  /** Which parts agreed, for the person reviewing. */
  reasons: string[];
}

export function scoreMatch(incoming: Demographics, candidate: Demographics): Scored {
  const reasons: string[] = [];
  let score = 0;
  const add = (points: number, reason: string) => {
    score += points;
    reasons.push(reason);
  };

  if (incoming.birthDate && candidate.birthDate) {
    if (incoming.birthDate === candidate.birthDate) add(0.4, 'birth date');
    else if (nearDate(incoming.birthDate, candidate.birthDate)) add(0.2, 'birth date nearly');
  }
  const family = bestSimilarity(incoming.families, candidate.families);
  if (family === 1) add(0.25, 'surname');
  else if (family >= 0.92) add(0.18, 'surname nearly');

  if (incoming.given && candidate.given) {
    const given = jaroWinkler(incoming.given, candidate.given);
    if (given === 1) add(0.2, 'given name');
    else if (given >= 0.9) add(0.12, 'given name nearly');
    else if (given < 0.7 && incoming.given[0] !== candidate.given[0]) add(-0.2, 'given name differs');
  }
  if (incoming.sex && candidate.sex && incoming.sex !== 'unknown' && candidate.sex !== 'unknown') {
    if (incoming.sex === candidate.sex) add(0.1, 'sex');
    else add(-0.3, 'sex differs');
  }
  if (incoming.patronymic && candidate.patronymic && jaroWinkler(incoming.patronymic, candidate.patronymic) >= 0.9) add(0.05, 'patronymic');
  if (incoming.phones.some((phone) => candidate.phones.includes(phone))) add(0.05, 'phone');
  // A near miss is never certain: whatever else agrees, a person confirms it.
  if (reasons.some((reason) => reason.endsWith('nearly'))) score = Math.min(score, AUTO_ATTACH - 0.01);
  return { score: Math.max(0, Math.min(1, Math.round(score * 100) / 100)), reasons };
}

export type MatchDecision<T> = { kind: 'attach'; candidate: T; score: number } | { kind: 'review'; reason: string } | { kind: 'none' };

/** The decision over scored candidates: attach only to a clear, high winner; review anything plausible. */
export function decide<T>(scored: readonly (Scored & { candidate: T })[]): MatchDecision<T> {
  const ranked = [...scored].sort((a, b) => b.score - a.score);
  const [best, second] = ranked;
  if (!best || best.score < REVIEW_FROM) return { kind: 'none' };
  if (best.score >= AUTO_ATTACH && (!second || best.score - second.score >= CLEAR_MARGIN)) return { kind: 'attach', candidate: best.candidate, score: best.score };
  if (best.score >= AUTO_ATTACH) return { kind: 'review', reason: 'More than one person matches these demographics' };
  return { kind: 'review', reason: `A person matches these demographics only in part (score ${best.score.toFixed(2)})` };
}

/** Two dates of birth that differ by one typed digit or by swapped day and month. */
function nearDate(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const [ay, am, ad] = a.split('-');
  const [by, bm, bd] = b.split('-');
  if (ay === by && am === bd && ad === bm) return true;
  let differences = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differences++;
  return differences === 1;
}

function bestSimilarity(a: readonly string[], b: readonly string[]): number {
  let best = 0;
  for (const x of a) for (const y of b) best = Math.max(best, jaroWinkler(x, y));
  return best;
}

/** Jaro-Winkler similarity of two strings, 0..1 (1 when equal). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (!a || !b) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j < Math.min(b.length, i + window + 1); j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[j]) j++;
    if (a[i] !== b[j]) transpositions++;
    j++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}
