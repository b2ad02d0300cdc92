import { hashInts } from './random.js';

/**
 * Deterministic ids for demo resources: the same seed gives the same ids on every run, so a second
 * start finds what the first one wrote and a benchmark can name a patient without generating it.
 * Shaped as version-4 UUIDs (what Central assigns itself), built from 128 bits of hashes.
 */
export function demoUuid(seed: number, ...parts: (number | string)[]): string {
  const key = [seed, ...parts.map((part) => (typeof part === 'number' ? part : stringHash(part)))];
  const words = [0, 1, 2, 3].map((i) => hashInts(...key, i).toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(words[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${words.slice(0, 8)}-${words.slice(8, 12)}-4${words.slice(13, 16)}-${variant}${words.slice(17, 20)}-${words.slice(20, 32)}`;
}

/** The id of demo patient `index`: stable, so schedules can book patients they never generated. */
export function demoPatientId(seed: number, index: number): string {
  return demoUuid(seed, 'Patient', index);
}

function stringHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
