import { describe, expect, it } from 'vitest';
import { OperationOutcomeError } from '../../shared/fhir/outcomes.js';
import { decodeNsiFile, parseNsiCsv } from './nsi-csv.js';
import { readIcd10Rows } from './icd10-rows.js';

const HEADER = 'ID;REC_CODE;MKB_CODE;MKB_NAME;ID_PARENT;ADDL_CODE;ACTUAL;DATE';

describe('parseNsiCsv', () => {
  it('reads quoted and bare fields, doubled quotes, ; inside quotes, CRLF and a missing final line end', () => {
    const records = parseNsiCsv(`A;B\r\n1;"x ""y"" ; z"\r\n2;\n3;"multi\nline"`);
    expect(records.map((r) => r.fields)).toEqual([['A', 'B'], ['1', 'x "y" ; z'], ['2', ''], ['3', 'multi\nline']]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4]);
  });

  it('refuses an unclosed quote and text after a closing quote, naming the line', () => {
    expect(() => parseNsiCsv('A;B\n1;"open\n')).toThrow(/line 2: a quoted field is never closed/);
    expect(() => parseNsiCsv('A;B\n1;B\n2;"x"y')).toThrow(/line 3: text after the closing quote/);
  });

  it('decodes UTF-8, and Windows-1251 from older exports', () => {
    const title = 'Холера';
    expect(decodeNsiFile(new TextEncoder().encode(`\ufeff${title}`))).toBe(title);
    const cp1251 = Uint8Array.from([0xd5, 0xee, 0xeb, 0xe5, 0xf0, 0xe0]);
    expect(decodeNsiFile(cp1251)).toBe(title);
  });
});

describe('readIcd10Rows', () => {
  const file = [
    HEADER,
    '1;01;"I";"НЕКОТОРЫЕ ИНФЕКЦИОННЫЕ И ПАРАЗИТАРНЫЕ БОЛЕЗНИ";;;1;',
    '2;0101;"A00-A09";"КИШЕЧНЫЕ ИНФЕКЦИИ";1;;1;',
    '3;"0101A00";"A00";"Холера";2;;1;',
    '4;"0101A000";"A00.0";"Холера, вызванная холерным вибрионом 01, биовар cholerae";3;1;0;"01.01.2015"',
  ].join('\n');

  it('derives kind, depth, leaf and parent code, and normalised words', () => {
    const rows = readIcd10Rows(file);
    expect(rows.map((r) => [r.code, r.kind, r.depth, r.leaf, r.parent])).toEqual([
      ['I', 'chapter', 0, false, null],
      ['A00-A09', 'block', 1, false, 'I'],
      ['A00', 'category', 2, false, 'A00-A09'],
      ['A00.0', 'subcategory', 3, true, 'A00'],
    ]);
    expect(rows[3]).toMatchObject({ active: false, addlCode: '1', validFrom: '2015-01-01', codeKey: 'A000' });
    expect(rows[3]!.words).toContain('cholerae');
    expect(rows[2]!.words).toEqual(['холера']);
  });

  const broken: Array<[string, string, RegExp]> = [
    ['a wrong header', 'ID;CODE;NAME\n1;A00;x', /line 1: the header must be/],
    ['a missing field', `${HEADER}\n1;01;"I";"X";;;1`, /line 2: expected 8 fields/],
    ['a bad code', `${HEADER}\n1;01;"I";"X";;;1;\n2;02;"Z9";"Y";1;;1;`, /line 3: MKB_CODE "Z9" is not an ICD-10 code/],
    ['an unknown parent', `${HEADER}\n1;01;"I";"X";;;1;\n2;02;"A00";"Y";7;;1;`, /line 3: ID_PARENT 7 is not the ID of any row/],
    ['a duplicate id', `${HEADER}\n1;01;"I";"X";;;1;\n1;02;"A00";"Y";;;1;`, /line 3: ID 1 appears twice/],
    ['a bad ACTUAL', `${HEADER}\n1;01;"I";"X";;;yes;`, /line 2: ACTUAL must be 0 or 1/],
    ['a bad date', `${HEADER}\n1;01;"I";"X";;;1;"31.02.2020"`, /line 2: DATE must be DD.MM.YYYY/],
    ['a parent cycle', `${HEADER}\n1;01;"A00";"X";2;;1;\n2;02;"A01";"Y";1;;1;`, /line 2: the parents of this row form a cycle/],
    ['an empty file', '', /line 1: the file is empty/],
  ];
  for (const [what, text, message] of broken) {
    it(`refuses ${what} with a 400 that names the line`, () => {
      let thrown: unknown;
      try {
        readIcd10Rows(text);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(OperationOutcomeError);
      expect((thrown as OperationOutcomeError).status).toBe(400);
      expect((thrown as Error).message).toMatch(message);
    });
  }
});
