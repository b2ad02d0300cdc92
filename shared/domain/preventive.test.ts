import { describe, expect, it } from 'vitest';
import { preventiveExamDue } from './preventive.js';
import { PREVENTIVE_EXAM_RULES } from './preventive-rules.js';

describe('preventiveExamDue', () => {
  it('is not due for a minor, and names the 18th birthday', () => {
    const result = preventiveExamDue('2010-05-20', undefined, '2025-03-01');
    expect(result).toMatchObject({ due: false, dueDate: '2028-05-20', reason: 'under-age' });
  });

  it('is due for an adult never examined, since the 18th birthday', () => {
    expect(preventiveExamDue('1990-02-10', undefined, '2025-03-01')).toMatchObject({ due: true, dueDate: '2008-02-10', reason: 'never-examined' });
  });

  it('ignores an examination before 18', () => {
    expect(preventiveExamDue('2006-01-15', '2023-06-01', '2025-03-01')).toMatchObject({ due: true, reason: 'never-examined' });
  });

  it('asks for one every three years between 18 and 39', () => {
    const birth = '1995-07-01';
    expect(preventiveExamDue(birth, '2023-04-10', '2025-03-01')).toMatchObject({ due: false, dueDate: '2026-04-10', reason: 'up-to-date' });
    expect(preventiveExamDue(birth, '2022-03-01', '2025-03-01')).toMatchObject({ due: true, dueDate: '2025-03-01', reason: 'interval-elapsed' });
    expect(preventiveExamDue(birth, '2022-03-02', '2025-03-01').due).toBe(false);
  });

  it('asks for one every year from 40', () => {
    expect(preventiveExamDue('1970-01-01', '2024-05-05', '2025-03-01')).toMatchObject({ due: false, dueDate: '2025-05-05' });
    expect(preventiveExamDue('1970-01-01', '2024-02-01', '2025-03-01')).toMatchObject({ due: true, dueDate: '2025-02-01', reason: 'interval-elapsed' });
    expect(preventiveExamDue('1970-01-01', '2024-02-01', '2025-03-01').rule.intervalYears).toBe(1);
  });

  it('brings the next examination forward to the 40th birthday when the yearly band begins', () => {
    // Examined at 38 and a half: three years later would be 41, but at 40 the yearly rule applies.
    const result = preventiveExamDue('1987-06-15', '2025-12-01', '2026-01-10');
    expect(result).toMatchObject({ due: false, dueDate: '2027-06-15' });
    expect(result.rule.minAge).toBe(40);
  });

  it('follows the rules it is given (rules are data)', () => {
    const rules = [{ minAge: 21, intervalYears: 2 }];
    expect(preventiveExamDue('2000-01-01', undefined, '2020-06-01', rules)).toMatchObject({ due: false, dueDate: '2021-01-01' });
    expect(preventiveExamDue('1980-01-01', '2023-01-01', '2025-01-01', rules)).toMatchObject({ due: true, dueDate: '2025-01-01' });
    expect(PREVENTIVE_EXAM_RULES.map((r) => [r.minAge, r.maxAge, r.intervalYears])).toEqual([
      [18, 39, 3],
      [40, undefined, 1],
    ]);
  });
});
