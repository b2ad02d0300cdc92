import { describe, expect, it } from 'vitest';
import { VisitSaveInputSchema } from '../../../shared/api/visits.js';
import { EMPTY_VISIT, toInput, visitReducer } from './visit-form.js';

describe('the visit form', () => {
  it('makes the first diagnosis the main one, keeps each code once, and hands the main role on when it is removed', () => {
    let form = visitReducer(EMPTY_VISIT, { type: 'add-diagnosis', diagnosis: { code: 'I10', title: 'Эссенциальная гипертензия' } });
    form = visitReducer(form, { type: 'add-diagnosis', diagnosis: { code: 'E11.9', title: 'Сахарный диабет 2 типа' } });
    form = visitReducer(form, { type: 'add-diagnosis', diagnosis: { code: 'I10', title: 'again' } });
    expect(form.diagnoses.map((d) => [d.code, d.primary])).toEqual([['I10', true], ['E11.9', false]]);
    form = visitReducer(form, { type: 'make-primary', code: 'E11.9' });
    expect(form.diagnoses.map((d) => d.primary)).toEqual([false, true]);
    form = visitReducer(form, { type: 'remove-diagnosis', code: 'E11.9' });
    expect(form.diagnoses).toEqual([{ code: 'I10', title: 'Эссенциальная гипертензия', primary: true }]);
  });

  it('sends what the API accepts, leaving out empty prescription rows', () => {
    let form = visitReducer(EMPTY_VISIT, { type: 'text', field: 'complaints', value: 'Головная боль' });
    form = visitReducer(form, { type: 'add-prescription' });
    form = visitReducer(form, { type: 'prescription', index: 0, field: 'medication', value: ' Лизиноприл 10 мг ' });
    form = visitReducer(form, { type: 'add-prescription' });
    const input = toInput('pat-1', 'enc-1', form, 'final');
    expect(input.prescriptions).toEqual([{ medication: 'Лизиноприл 10 мг', dosage: '' }]);
    expect(VisitSaveInputSchema.safeParse(input).success).toBe(true);
    expect(toInput('pat-1', undefined, form, 'draft')).not.toHaveProperty('encounterId');
  });
});
