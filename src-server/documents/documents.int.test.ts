import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/domain/roles.js';
import { headersFor, bearerFor } from '../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { storePatient } from '../../test/support/accounts.js';
import { isOutcome } from '../../test/support/http.js';

const LIMIT = 64 * 1024;
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n', 'latin1');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 7)]);

let central: TestCentral;
let sandbox: string;
let storeFolder: string;

beforeAll(async () => {
  // The storage folder sits two levels inside a sandbox: anything written outside it shows up there.
  sandbox = mkdtempSync(join(tmpdir(), 'medkarta-documents-sandbox-'));
  storeFolder = join(sandbox, 'central', 'documents');
  central = await startTestCentral({ documentDir: storeFolder, documentLimit: LIMIT });
  await storePatient(central, 'pat-a', 'Ковалевская', 'test-org');
  await storePatient(central, 'pat-b', 'Сидорович', 'test-org');
});
afterAll(async () => {
  await central?.close();
  if (sandbox) rmSync(sandbox, { recursive: true, force: true });
});

async function upload(query: Record<string, string>, body: Buffer, contentType: string, auth: Record<string, string> = headersFor(central, 'doctor')) {
  const response = await fetch(`${central.url}/documents?${new URLSearchParams(query)}`, { method: 'POST', headers: { ...auth, 'content-type': contentType }, body: new Uint8Array(body) });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), text };
}

async function download(url: string, auth: Record<string, string>) {
  const response = await fetch(url.replace(/^https?:\/\/[^/]+/, central.url), { headers: auth });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

const auditCount = async () => Number((await central.ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_event WHERE content->'entity' @> '[{"what":{"reference":"Patient/pat-a"}}]'`)).rows[0]!.n);
const fileRows = async () => Number((await central.ctx.db.query<{ n: string }>('SELECT count(*) AS n FROM document_file')).rows[0]!.n);

/** Every file and folder below `folder`, relative to it; folders end with '/'. */
function walk(folder: string, prefix = ''): string[] {
  return readdirSync(join(folder, prefix)).flatMap((name) => {
    const path = prefix + name;
    return statSync(join(folder, path)).isDirectory() ? [`${path}/`, ...walk(folder, `${path}/`)] : [path];
  });
}

describe('clinical documents', () => {
  it('stores an upload under its own name, answers a DocumentReference, and downloads it as an attachment; both audited', async () => {
    const audits = await auditCount();
    const created = await upload({ patient: 'pat-a', fileName: 'Выписка из стационара.pdf', description: 'Выписной эпикриз' }, PDF, 'application/pdf');
    expect(created.status).toBe(201);
    const attachment = created.body.content[0].attachment;
    expect(created.body).toMatchObject({ resourceType: 'DocumentReference', status: 'current', subject: { reference: 'Patient/pat-a' }, description: 'Выписной эпикриз' });
    expect(attachment).toMatchObject({ contentType: 'application/pdf', size: PDF.length, title: 'Выписка из стационара.pdf' });
    expect(attachment.url).toMatch(/\/documents\/[0-9a-f-]{36}$/);

    const read = await fetch(`${central.url}/fhir/DocumentReference/${created.body.id}`, { headers: headersFor(central, 'nurse') });
    expect(((await read.json()) as { content: unknown }).content).toEqual(created.body.content);

    const file = await download(attachment.url, headersFor(central, 'nurse'));
    expect(file.status).toBe(200);
    expect(file.bytes.equals(PDF)).toBe(true);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="_______ __ __________.pdf"; filename*=UTF-8''${encodeURIComponent('Выписка из стационара.pdf')}`);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toContain('sandbox');
    // Upload (create) + the FHIR read + the download.
    expect(await auditCount()).toBe(audits + 3);
    // A nurse of another clinic, the patient outside its scope: without a stated reason the file stays closed.
    const unexplained = await download(attachment.url, headersFor(central, 'nurse', { organizationId: 'other-clinic' }, { reason: false }));
    expect(unexplained.status).toBe(403);
    expect(unexplained.bytes.includes(PDF)).toBe(false);
  });

  it('follows the role matrix for DocumentReference and keeps a patient to their own documents', async () => {
    const created = await upload({ patient: 'pat-b', fileName: 'scan.png' }, PNG, 'image/png');
    expect(created.status).toBe(201);
    const url: string = created.body.content[0].attachment.url;
    const asRole = (role: Role) => headersFor(central, role);
    for (const role of ['nurse', 'registrar', 'clinic-admin', 'privacy-officer'] as Role[]) {
      const refused = await upload({ patient: 'pat-b', fileName: 'x.pdf' }, PDF, 'application/pdf', asRole(role));
      expect(refused.status, role).toBe(403);
      expect(isOutcome(refused.body)).toBe(true);
    }
    expect((await download(url, asRole('registrar'))).status).toBe(403);
    expect((await download(url, asRole('privacy-officer'))).status).toBe(403);
    expect((await download(url, {})).status).toBe(401);
    expect((await download(url, asRole('doctor'))).status).toBe(200);
    const patient = (patientId: string) => bearerFor(central, { kind: 'patient', subject: `acct-${patientId}`, display: 'P', roles: ['patient'], patientId });
    expect((await download(url, patient('pat-b'))).status).toBe(200);
    const other = await download(url, patient('pat-a'));
    expect(other.status).toBe(404);
    expect((await upload({ patient: 'pat-b', fileName: 'x.pdf' }, PDF, 'application/pdf', patient('pat-b'))).status).toBe(403);
    // Deleting the DocumentReference ends downloads through it.
    const deleted = await fetch(`${central.url}/fhir/DocumentReference/${created.body.id}`, { method: 'DELETE', headers: asRole('doctor') });
    expect(deleted.status).toBe(200);
    expect((await download(url, asRole('doctor'))).status).toBe(410);
  });

  it('refuses programs by declared type, by name and by content, and anything over the size limit, storing nothing', async () => {
    const rows = await fileRows();
    const files = walk(storeFolder).length;
    const ok = { patient: 'pat-a', fileName: 'scan.pdf' };
    const refusals: [string, Record<string, string>, Buffer, string, number][] = [
      ['declared as a Windows program', ok, Buffer.from('MZ\x90\0', 'latin1'), 'application/x-msdownload', 415],
      ['declared as HTML', ok, Buffer.from('<p>hi</p>'), 'text/html', 415],
      ['declared as JavaScript', ok, Buffer.from('alert(1)'), 'application/javascript', 415],
      ['declared as a shell script', ok, Buffer.from('#!/bin/sh'), 'application/x-sh', 415],
      ['declared as octet-stream', ok, PDF, 'application/octet-stream', 415],
      ['declared as SVG', ok, Buffer.from('<svg/>'), 'image/svg+xml', 415],
      ['no content type', ok, PDF, '', 415],
      ['an MZ program declared as PDF', ok, Buffer.from('MZ\x90\0\x03\0\0\0', 'latin1'), 'application/pdf', 400],
      ['an ELF program declared as PNG', { ...ok, fileName: 'scan.png' }, Buffer.from('\x7fELF\x02\x01\x01', 'latin1'), 'image/png', 400],
      ['a shebang script declared as text', { ...ok, fileName: 'notes.txt' }, Buffer.from('#!/usr/bin/env node\nrequire("child_process")'), 'text/plain', 400],
      ['HTML with script declared as text', { ...ok, fileName: 'notes.txt' }, Buffer.from('<html><script>alert(document.cookie)</script></html>'), 'text/plain', 400],
      ['an MSI (OLE) declared as PDF', ok, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'application/pdf', 400],
      ['a PNG that is really a PDF', { ...ok, fileName: 'x.png' }, PDF, 'image/png', 400],
      ...['exe', 'bat', 'js', 'sh', 'msi', 'scr', 'cmd', 'ps1', 'html', 'svg'].map((ext): [string, Record<string, string>, Buffer, string, number] => [`a PDF named .${ext}`, { ...ok, fileName: `report.${ext}` }, PDF, 'application/pdf', 400]),
      ['a PDF named with an RTL override hiding .exe', { ...ok, fileName: 'report\u202Efdp.exe' }, PDF, 'application/pdf', 400],
      ['a PDF named with fullwidth .exe', { ...ok, fileName: 'report．ｅｘｅ' }, PDF, 'application/pdf', 400],
      ['one byte over the limit', ok, Buffer.concat([PDF, Buffer.alloc(LIMIT + 1 - PDF.length, 0x20)]), 'application/pdf', 413],
      ['far over the limit', ok, Buffer.concat([PDF, Buffer.alloc(LIMIT * 8, 0x20)]), 'application/pdf', 413],
      ['an empty file', ok, Buffer.alloc(0), 'application/pdf', 400],
      ['no patient', { fileName: 'x.pdf' }, PDF, 'application/pdf', 400],
      ['a patient that does not exist', { ...ok, patient: 'nobody' }, PDF, 'application/pdf', 404],
      ['a patient id with a path', { ...ok, patient: '../pat-a' }, PDF, 'application/pdf', 400],
      ['no file name', { patient: 'pat-a' }, PDF, 'application/pdf', 400],
    ];
    for (const [name, query, body, type, status] of refusals) {
      const answer = await upload(query, body, type);
      expect(answer.status, name).toBe(status);
      expect(isOutcome(answer.body), name).toBe(true);
    }
    expect(await fileRows()).toBe(rows);
    expect(walk(storeFolder)).toHaveLength(files);
  });

  it('refuses programs inside DocumentReferences written over FHIR too (inline data, declared type, javascript: URLs)', async () => {
    const attempts = [
      { contentType: 'application/x-msdownload', data: Buffer.from('MZ\x90\0', 'latin1').toString('base64') },
      { contentType: 'application/pdf', data: Buffer.from('MZ\x90\0', 'latin1').toString('base64') },
      { contentType: 'application/javascript', data: Buffer.from('alert(1)').toString('base64') },
      { contentType: 'text/plain', url: 'javascript:alert(1)' },
    ];
    for (const attachment of attempts) {
      const response = await fetch(`${central.url}/fhir/DocumentReference`, {
        method: 'POST',
        headers: { ...headersFor(central, 'doctor'), 'content-type': 'application/fhir+json' },
        body: JSON.stringify({ resourceType: 'DocumentReference', status: 'current', subject: { reference: 'Patient/pat-a' }, content: [{ attachment }] }),
      });
      expect(response.status, attachment.contentType).toBe(400);
      expect(isOutcome(await response.json())).toBe(true);
    }
  });

  it('writes nothing outside the storage folder whatever the file name says, and keeps the name only as clean metadata', async () => {
    const names = [
      '../../../../../../tmp/escaped.pdf', '..\\..\\..\\escaped.pdf', '/etc/cron.d/escaped.pdf', 'C:\\Windows\\System32\\escaped.pdf', '\\\\?\\C:\\escaped.pdf',
      '....//....//escaped.pdf', '%2e%2e%2fescaped.pdf', '..%c0%afescaped.pdf', '.%2e/escaped.pdf', '．．／．．／escaped.pdf', '..\u2215escaped.pdf', '..\uff0fescaped.pdf',
      'CON', 'CON.pdf', 'nul.pdf', 'COM1.pdf', 'LPT1', 'aux.tar.pdf', 'escaped.pdf::$DATA', 'escaped.pdf.', 'escaped.pdf   ', ' .escaped.pdf',
      'file\u202Efdp.txt', '\u200Bzero\u200Dwidth.pdf', 'a\r\nContent-Type: text/html\r\n\r\n<script>.pdf', 'quote"semicolon;.pdf', '<script>alert(1)</script>.pdf', 'x'.repeat(255),
      'выписка №1 (копия).pdf', '名前.pdf', '😀.pdf',
    ];
    const refusedNames = ['..', '/', 'a\u0000.pdf', 'x'.repeat(256), '../../../../etc/passwd\u0000.pdf'];
    const stored: { title: string; url: string }[] = [];
    for (const fileName of names) {
      const answer = await upload({ patient: 'pat-a', fileName }, PDF, 'application/pdf');
      expect(answer.status, fileName).toBe(201);
      stored.push(answer.body.content[0].attachment);
    }
    for (const fileName of refusedNames) expect((await upload({ patient: 'pat-a', fileName }, PDF, 'application/pdf')).status, fileName).toBe(400);

    for (const { title, url } of stored) {
      expect(title).not.toMatch(/[/\\\u0000-\u001f\u202a-\u202e\u200b-\u200f]/);
      expect(title).not.toMatch(/^(con|nul|aux|prn|com\d|lpt\d)(\.|$)/i);
      const file = await download(url, headersFor(central, 'doctor'));
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%._~!-]*$/);
    }

    // The sandbox holds the storage folder and nothing else; in it, only <2 hex>/<uuid> files.
    const everything = walk(sandbox);
    const outside = everything.filter((path) => !path.startsWith('central/'));
    expect(outside).toEqual([]);
    const files = everything.filter((path) => !path.endsWith('/') && path.startsWith('central/documents/'));
    for (const path of files) expect(path).toMatch(/^central\/documents\/([0-9a-f]{2})\/\1[0-9a-f]{6}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(everything.filter((path) => !path.startsWith('central/documents'))).toEqual(['central/']);
    expect(files).toHaveLength(await fileRows());
    expect(walk(sandbox).some((path) => /escaped|passwd|CON|\.part$/.test(path))).toBe(false);
  });

  it('stores a document of a patient outside the clinic\'s scope only with a stated reason, recorded as break-the-glass', async () => {
    await storePatient(central, 'pat-elsewhere', 'Жук', 'other-org');
    const files = await fileRows();
    const refused = await upload({ patient: 'pat-elsewhere', fileName: 'x.pdf' }, PDF, 'application/pdf', headersFor(central, 'doctor', {}, { reason: false }));
    expect(refused.status).toBe(403);
    expect(refused.body.issue[0].details.coding).toEqual([{ system: 'https://medkarta.by/fhir/CodeSystem/refusal', code: 'outside-scope' }]);
    expect(await fileRows()).toBe(files);
    const reason = 'Выписка для консультации';
    const stored = await upload({ patient: 'pat-elsewhere', fileName: 'x.pdf' }, PDF, 'application/pdf', headersFor(central, 'doctor', {}, { reason }));
    expect(stored.status).toBe(201);
    const { rows } = await central.ctx.db.query<{ break_glass: boolean; reason: string }>(
      `SELECT break_glass, content->'purposeOfEvent'->0->>'text' AS reason FROM audit_event WHERE patient_id = 'pat-elsewhere' AND action = 'create' AND outcome = 'success'`,
    );
    expect(rows).toEqual([{ break_glass: true, reason }]);
  });
});
