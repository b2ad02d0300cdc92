/**
 * An HL7 v2 message as parsed by parse.ts: segments of fields; a field has repetitions, a
 * repetition components, a component subcomponents. Every string here is already unescaped.
 * Positions follow HL7: fields, components and subcomponents count from 1, and MSH-1 is the
 * field separator itself, so MSH-9 is the message type as in the standard.
 */
export interface Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

export type Field = string[][][]; // repetitions → components → subcomponents

export interface Segment {
  name: string;
  /** 1-based position of the segment in the message (ERR-2.2). */
  sequence: number;
  /** fields[n] is field n (fields[0] is unused). */
  fields: Field[];
}

export interface Hl7Message {
  delimiters: Delimiters;
  segments: Segment[];
}

/** Component `c` (from 1) of repetition `r` (from 0) of field `n`: its first subcomponent, '' when absent. */
export function component(segment: Segment | undefined, n: number, c = 1, r = 0): string {
  return segment?.fields[n]?.[r]?.[c - 1]?.[0] ?? '';
}

/** Every repetition of field `n`, each as its list of components (first subcomponents). */
export function repetitions(segment: Segment | undefined, n: number): string[][] {
  return (segment?.fields[n] ?? []).map((rep) => rep.map((sub) => sub[0] ?? '')).filter((rep) => rep.some((value) => value !== ''));
}

/** A field as text, components joined by `^`: for messages, never to be parsed again. */
export function fieldText(segment: Segment | undefined, n: number): string {
  return (segment?.fields[n]?.[0] ?? []).map((sub) => sub.join('&')).join('^').replace(/\^+$/, '');
}

/** Where in a message something is wrong (ERR-2, Error Location). */
export interface Hl7Location {
  segment: string;
  sequence: number;
  field?: number | undefined;
  component?: number | undefined;
}

/** HL7 table 0357 error codes we answer with. */
export const HL7_ERROR = {
  segmentSequence: '100',
  requiredFieldMissing: '101',
  dataType: '102',
  tableValueNotFound: '103',
  unsupportedMessageType: '200',
  unsupportedVersion: '203',
  unknownKey: '204',
  applicationError: '207',
} as const;

export interface Hl7Problem {
  location: Hl7Location;
  code: (typeof HL7_ERROR)[keyof typeof HL7_ERROR];
  message: string;
}

export class Hl7Error extends Error {
  constructor(
    readonly problems: Hl7Problem[],
    /** AR: the message itself is refused (not ours to process); AE: its content is wrong. */
    readonly acknowledgment: 'AE' | 'AR' = 'AE',
  ) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'Hl7Error';
  }
}
