import { unescapeHl7 } from './escape.js';
import { HL7_ERROR, Hl7Error, type Delimiters, type Field, type Hl7Message, type Segment } from './message.js';

/** The most an HL7 message may weigh here: a lab result message is a few kilobytes. */
export const MAX_MESSAGE_LENGTH = 1024 * 1024;

/**
 * Parses an HL7 v2 message (ER7, the pipe-delimited encoding). The delimiters come from MSH-1 and
 * MSH-2; segments end with CR (LF and CRLF are accepted too). A message that does not start with a
 * well-formed MSH is refused (AR): without it nothing else can be read.
 */
export function parseHl7(text: string): Hl7Message {
  if (text.length > MAX_MESSAGE_LENGTH) throw refuse('The message is larger than 1 MB');
  const lines = text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
  const header = lines[0] ?? '';
  if (!header.startsWith('MSH') || header.length < 8) throw refuse('The message does not start with an MSH segment');
  const delimiters: Delimiters = { field: header[3]!, component: header[4]!, repetition: header[5]!, escape: header[6]!, subcomponent: header[7]! };
  const chars = Object.values(delimiters);
  if (new Set(chars).size !== 5 || chars.some((c) => /[A-Za-z0-9\s]/.test(c))) throw refuse('MSH-1 and MSH-2 must name five different delimiter characters');
  if (header[8] !== undefined && header[8] !== delimiters.field) throw refuse('MSH-2 holds the four encoding characters and nothing else');

  const segments = lines.map((line, index) => parseSegment(line, index + 1, delimiters));
  return { delimiters, segments };
}

function parseSegment(line: string, sequence: number, d: Delimiters): Segment {
  const name = line.slice(0, 3);
  if (!/^[A-Z][A-Z0-9]{2}$/.test(name) || (line.length > 3 && line[3] !== d.field)) {
    throw new Hl7Error([{ location: { segment: name.toUpperCase().replace(/[^A-Z0-9]/g, '?'), sequence }, code: HL7_ERROR.segmentSequence, message: `Segment ${sequence} does not start with a segment name and a field separator` }]);
  }
  const raw = line.split(d.field);
  const fields: Field[] = [[]];
  if (name === 'MSH') {
    // MSH-1 is the field separator and MSH-2 the encoding characters: both taken literally.
    fields.push([[[d.field]]], [[[raw[1] ?? '']]]);
    for (const value of raw.slice(2)) fields.push(parseField(value, d));
  } else {
    for (const value of raw.slice(1)) fields.push(parseField(value, d));
  }
  return { name, sequence, fields };
}

function parseField(value: string, d: Delimiters): Field {
  if (value === '') return [];
  return value.split(d.repetition).map((rep) => rep.split(d.component).map((comp) => comp.split(d.subcomponent).map((sub) => unescapeHl7(sub, d))));
}

function refuse(message: string): Hl7Error {
  return new Hl7Error([{ location: { segment: 'MSH', sequence: 1 }, code: HL7_ERROR.segmentSequence, message }], 'AR');
}
