import { describe, expect, it } from 'vitest';
import { findUnsafeAttachment } from './attachments.js';

const b64 = (text: string) => Buffer.from(text, 'latin1').toString('base64');
const reference = (attachment: object) => ({ resourceType: 'DocumentReference', status: 'current', content: [{ attachment }] });

describe('attachments inside resources', () => {
  it('lets clinical files through: text, PDF, images, links to Central or elsewhere on the web', () => {
    for (const attachment of [
      { contentType: 'text/plain; charset=utf-8', data: Buffer.from('Выписной эпикриз: onset = 3 days').toString('base64') },
      { contentType: 'application/pdf', data: b64('%PDF-1.7\n') },
      { contentType: 'image/png', url: 'https://central.example/documents/0a1b' },
      { contentType: 'application/dicom', url: 'Binary/study-1' },
      // Shown sanitised, as text, by the workstation: an outside discharge summary may be HTML.
      { contentType: 'text/html', data: Buffer.from('<h1>Выписка</h1><script>alert(1)</script>').toString('base64') },
      { contentType: 'text/plain', data: Buffer.from('<script>alert(1)</script> typed by someone').toString('base64') },
    ]) expect(findUnsafeAttachment(reference(attachment), 'DocumentReference')).toBeUndefined();
  });

  it('refuses programs by declared type and by content, and non-web URLs', () => {
    const cases: [object, RegExp][] = [
      [{ contentType: 'application/x-msdownload', data: b64('hello') }, /programs/],
      [{ contentType: 'text/javascript' }, /programs/],
      [{ contentType: 'image/svg+xml; charset=utf-8' }, /programs/],
      [{ contentType: 'application/pdf', data: b64('MZ\x90\0') }, /program/],
      [{ contentType: 'text/plain', data: b64('#!/bin/sh\nrm -rf /') }, /program/],
      [{ contentType: 'image/png', data: b64('\x7fELF\x02') }, /program/],
      [{ contentType: 'text/plain', url: 'javascript:alert(1)' }, /URL/],
      [{ contentType: 'application/pdf', url: 'file:///etc/passwd' }, /URL/],
    ];
    for (const [attachment, reason] of cases) expect(findUnsafeAttachment(reference(attachment), 'DocumentReference')?.reason, JSON.stringify(attachment)).toMatch(reason);
    const nested = { resourceType: 'DiagnosticReport', presentedForm: [{ contentType: 'application/pdf' }, { contentType: 'application/javascript' }] };
    expect(findUnsafeAttachment(nested, 'DiagnosticReport')).toEqual({ path: 'DiagnosticReport.presentedForm[1]', reason: expect.stringMatching(/programs/) });
  });
});
