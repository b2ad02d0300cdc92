import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { REFUSAL_CODES, refusalCodeOf } from '../../../shared/fhir/refusal-codes.js';
import { MESSAGES } from '../../i18n/index.js';
import { refusalKeyOf, refusalLine, refusalMessage, showsCentralWords } from './refusal-text.js';

/** The UI's messages in one language, as i18next would read them. */
async function translatorFor(lng: keyof typeof MESSAGES) {
  const instance = i18next.createInstance();
  await instance.init({ lng, resources: { [lng]: { translation: MESSAGES[lng] } }, interpolation: { escapeValue: false }, showSupportNotice: false });
  return (key: string, options?: Record<string, unknown>) => instance.t(key, options);
}

describe('refusals from Central in the person\'s language', () => {
  it('has words for every refusal code in Russian, Belarusian and English, with nothing left to fill in', async () => {
    for (const lng of ['ru', 'be', 'en'] as const) {
      const t = await translatorFor(lng);
      for (const code of REFUSAL_CODES) {
        const known = refusalKeyOf(code);
        expect(known, code).toBeDefined();
        const text = t(known!.key, known!.params);
        expect(text, `${lng} ${code}`).not.toBe(known!.key);
        expect(text, `${lng} ${code}`).not.toMatch(/\{\{|^\s*$/);
      }
    }
  });

  it('maps a code to its Russian words, and falls back to Central\'s own for an unknown code or none', async () => {
    const t = await translatorFor('ru');
    expect(refusalMessage(t, 'sick-leave.not-open', 'The certificate is cancelled')).toBe('Листок уже закрыт или аннулирован.');
    expect(refusalMessage(t, 'booking.slot-taken', 'Slot taken')).toMatch(/^Это время уже занято/);
    expect(refusalMessage(t, 'outside-scope', 'Patient/x is outside this clinic\'s scope')).toMatch(/^Пациент не относится к вашей поликлинике/);
    expect(refusalMessage(t, 'sick-leave.period-too-long', 'A period covers at most 30 days')).toBe('Один период — не более 30 дней.');
    expect(refusalMessage(t, 'some-future-code', 'Central says no')).toBe('Central says no');
    expect(refusalMessage(t, 'sick-leave.no-such-rule', 'Central says no')).toBe('Central says no');
    expect(refusalMessage(t, null, 'Central says no')).toBe('Central says no');
    // A refusal without a code of ours is read by its FHIR issue code (a stale edit, the validator's).
    const stale = { resourceType: 'OperationOutcome' as const, issue: [{ severity: 'error' as const, code: 'conflict' as const, details: { text: 'Version 3 is stale' } }] };
    expect(refusalMessage(t, refusalCodeOf(stale), 'Version 3 is stale')).toBe('Запись расходится с центральной системой: её изменили или создали в другом месте.');
    expect(refusalLine(t, 'invalid', 'Patient.birthDate: not a date')).toBe('Центральная система не приняла данные: они заполнены неверно. (Patient.birthDate: not a date)');
    // A generic kind names no field: Central's words are shown beside it; a rule's words say it all.
    expect(showsCentralWords('invalid')).toBe(true);
    expect(showsCentralWords('sick-leave.not-open')).toBe(false);
    expect(showsCentralWords(null)).toBe(false);
  });
});
