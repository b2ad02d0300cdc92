import { randomUUID } from 'node:crypto';
import { escapeHl7 } from './escape.js';
import { component, type Delimiters, type Hl7Message, type Hl7Problem } from './message.js';

const DEFAULT: Delimiters = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' };
const ERROR_TEXT: Record<string, string> = {
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '200': 'Unsupported message type',
  '203': 'Unsupported version id',
  '204': 'Unknown key identifier',
  '207': 'Application internal error',
};

/**
 * The acknowledgment of a message (original mode, HL7 v2.5.1): MSH, MSA with AA (accepted), AE
 * (accepted but wrong: see ERR) or AR (refused), and one ERR per problem. ERR-2 names the segment,
 * its position in the message and the field; ERR-3 the HL7 error code (table 0357); ERR-8 says
 * in words what is wrong.
 */
export function buildAck(incoming: Hl7Message | undefined, code: 'AA' | 'AE' | 'AR', text: string, problems: readonly Hl7Problem[], now: Date): string {
  const d = incoming?.delimiters ?? DEFAULT;
  const msh = incoming?.segments[0];
  const e = (value: string) => escapeHl7(value, d);
  // What is echoed from the sender's header (its application, facility, control id) is cut to the
  // characters such ids use: an ACK never carries back markup, control characters or injections.
  const echo = (value: string) => value.replace(/[^\p{L}\p{N}_.:@ -]/gu, '_').slice(0, 199);
  const f = d.field;
  const c = d.component;
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const lines = [
    ['MSH', `${d.component}${d.repetition}${d.escape}${d.subcomponent}`, 'MEDKARTA', 'MEDKARTA', e(echo(component(msh, 3))), e(echo(component(msh, 4))), stamp, '', `ACK${c}${e(component(msh, 9, 2) || 'R01')}${c}ACK`, randomUUID(), component(msh, 11) === 'T' ? 'T' : 'P', '2.5.1'].join(f),
    ['MSA', code, e(echo(component(msh, 10))), e(text)].join(f),
    ...problems.map((p) => {
      const where = [p.location.segment, String(p.location.sequence), p.location.field === undefined ? '' : String(p.location.field)].join(c).replace(new RegExp(`\\${c}+$`), '');
      return ['ERR', '', where, [p.code, ERROR_TEXT[p.code] ?? '', 'HL70357'].join(c), 'E', '', '', '', e(p.message)].join(f);
    }),
  ];
  return lines.join('\r') + '\r';
}
