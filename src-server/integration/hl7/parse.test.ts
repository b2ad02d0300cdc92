import { describe, expect, it } from 'vitest';
import { escapeHl7, unescapeHl7 } from './escape.js';
import type { Hl7Error} from './message.js';
import { component, fieldText, repetitions } from './message.js';
import { parseHl7 } from './parse.js';

const D = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' };

const MESSAGE = [
  'MSH|^~\\&|LIS|700001027|MEDKARTA|BY|20250314093000+0300||ORU^R01^ORU_R01|MSG-1|P|2.5.1',
  'PID|1||12345^^^LAB^MR~3120390H001PB5^^^BY^NI||Ковалёва^Анна^Сергеевна||19900504|F',
  'OBX|1|NM|718-7^Hemoglobin^LN||131|g/L^g/L^UCUM|120-160|N|||F',
  'NTE|1||Гемолиз \\T\\ липемия\\.br\\повтор \\F\\ 2 \\XD0A2\\',
].join('\r');

describe('HL7 v2 parser', () => {
  it('reads segments, fields, components and repetitions, counting as HL7 does (MSH-9 is the message type)', () => {
    const { segments } = parseHl7(MESSAGE);
    expect(segments.map((s) => `${s.name}:${s.sequence}`)).toEqual(['MSH:1', 'PID:2', 'OBX:3', 'NTE:4']);
    const [msh, pid, obx] = segments;
    expect(component(msh, 1)).toBe('|');
    expect(component(msh, 2)).toBe('^~\\&');
    expect([component(msh, 9, 1), component(msh, 9, 2), component(msh, 10), component(msh, 12)]).toEqual(['ORU', 'R01', 'MSG-1', '2.5.1']);
    expect(repetitions(pid, 3)).toEqual([['12345', '', '', 'LAB', 'MR'], ['3120390H001PB5', '', '', 'BY', 'NI']]);
    expect([component(pid, 5, 1), component(pid, 5, 2), component(pid, 5, 3)]).toEqual(['Ковалёва', 'Анна', 'Сергеевна']);
    expect(fieldText(obx, 3)).toBe('718-7^Hemoglobin^LN');
    expect(component(obx, 99)).toBe('');
  });

  it('turns escape sequences back into text', () => {
    const nte = parseHl7(MESSAGE).segments[3]!;
    expect(component(nte, 3)).toBe('Гемолиз & липемия\nповтор | 2 Т');
    expect(unescapeHl7('a\\S\\b\\R\\c\\E\\d\\H\\bold\\N\\', D)).toBe('a^b~c\\dbold');
    expect(unescapeHl7('no closing \\ here', D)).toBe('no closing \\ here');
  });

  it('keeps subcomponents apart and honours the delimiters MSH declares', () => {
    const { segments } = parseHl7('MSH#*@!%#A#B\nOBX#1#SN#x#1#<*5%6@>*7');
    expect(segments[1]!.fields[5]).toEqual([[['<'], ['5', '6']], [['>'], ['7']]]);
  });

  it('escapes text it writes so that it parses back the same', () => {
    const text = 'H|L ^ 5~6 & \\ end';
    const line = `MSH|^~\\&|A\rNTE|1||${escapeHl7(text, D)}`;
    expect(component(parseHl7(line).segments[1], 3)).toBe(text);
  });

  it('refuses what is not an HL7 message, saying where', () => {
    const refusal = (text: string) => {
      try {
        parseHl7(text);
      } catch (error) {
        return error as Hl7Error;
      }
      throw new Error('parsed');
    };
    expect(refusal('PID|1').acknowledgment).toBe('AR');
    expect(refusal('MSH|^^\\&|A').message).toMatch(/five different/);
    expect(refusal('MSH|^~\\&|A\rpid|1').problems[0]!.location).toEqual({ segment: 'PID', sequence: 2 });
    expect(refusal('x'.repeat(1024 * 1024 + 1)).message).toMatch(/1 MB/);
  });
});
