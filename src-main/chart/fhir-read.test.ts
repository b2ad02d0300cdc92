import { describe, expect, it } from 'vitest';
import { attachmentText, coded, humanName, narrativeText, newestFirst, referenceKey, when } from './fhir-read.js';

describe('FHIR readers for the chart', () => {
  it('turns narrative XHTML into plain text, scripts and markup dropped, entities decoded', () => {
    const div = '<div xmlns="http://www.w3.org/1999/xhtml"><p>Жалобы: <b>кашель</b> &amp; насморк</p><script>alert(1)</script><img src=x onerror="alert(2)"/><p>t&#176; 37,8&#x20;&lt;b&gt;</p></div>';
    expect(narrativeText(div)).toBe('Жалобы: кашель & насморк\nt° 37,8 <b>');
  });

  it('reads text attachments and refuses binary ones', () => {
    const data = Buffer.from('<p>Заключение</p>', 'utf8').toString('base64');
    expect(attachmentText({ contentType: 'text/plain', data })).toBe('<p>Заключение</p>');
    expect(attachmentText({ contentType: 'text/html', data })).toBe('Заключение');
    expect(attachmentText({ contentType: 'application/pdf', data })).toBeNull();
  });

  it('keeps bare dates as dates, full date-times as they are, and pads partial dates', () => {
    expect(when('2024-02-14')).toBe('2024-02-14');
    expect(when('2024-02-14T09:20:00+03:00')).toBe('2024-02-14T09:20:00+03:00');
    expect(when('2024-02')).toBe('2024-02-01');
    expect(when('2024')).toBe('2024-01-01');
    expect(when('yesterday')).toBeNull();
    expect(['2023-01-01', null, '2024-05-01T10:00:00Z', '2024-05-01'].sort(newestFirst)).toEqual(['2024-05-01T10:00:00Z', '2024-05-01', '2023-01-01', null]);
  });

  it('prefers ICD-10 among codings and the local text for the words', () => {
    const concept = { coding: [{ system: 'http://snomed.info/sct', code: '38341003', display: 'Hypertension' }, { system: 'http://hl7.org/fhir/sid/icd-10', code: 'I10' }], text: 'Гипертензия' };
    expect(coded(concept)).toEqual({ code: 'I10', system: 'ICD-10', text: 'Гипертензия' });
  });

  it('writes names as family, given, patronymic and resolves references to Type/id', () => {
    expect(humanName([{ use: 'old', family: 'Петрова' }, { use: 'official', family: 'Сидорова', given: ['Анна', 'Ивановна'] }])).toBe('Сидорова Анна Ивановна');
    expect(referenceKey({ reference: 'Organization/org-1' })).toBe('Organization/org-1');
    expect(referenceKey({ reference: 'https://central.medkarta.by/fhir/Practitioner/p1/_history/2' })).toBe('Practitioner/p1');
    expect(referenceKey({ reference: 'urn:uuid:0b6a3f1e' })).toBeNull();
  });
});
