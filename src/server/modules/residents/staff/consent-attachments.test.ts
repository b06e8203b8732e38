import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwnerApp, type Session, type TestApp } from '../../../../../test/helpers/app.ts';
import { auditLog, consentAttachments } from '../../../platform/db/schema.ts';
import { consentHistory, exportResident } from '../index.ts';

let t: TestApp;
let owner: Session;
let agent: Session;
let editor: Session;
let nachbarortId: string;
const api = '/api/v1/tenants/musterstadt';

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR fake but starts right')]);
const scan = (bytes: Buffer, over: Record<string, unknown> = {}) => ({
  fileName: 'einwilligung-muster.pdf',
  contentType: 'application/pdf',
  dataBase64: bytes.toString('base64'),
  ...over,
});

beforeAll(async () => {
  ({ t, owner } = await createOwnerApp());
  agent = await t.staffSession('agent');
  editor = await t.staffSession('editor');
  // the neighbouring municipality two tests use, there whichever of them runs first
  nachbarortId = (await t.createTenant('nachbarort', 'Nachbarort')).id;
});
afterAll(() => t.close());

async function register(phone: string, over: Record<string, unknown> = {}) {
  const payload = { phone, name: 'Erna Muster', topics: ['abfall'], channels: ['sms'], consentScan: scan(PDF), ...over };
  const res = await t.as(agent, { method: 'POST', url: `${api}/residents`, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; attachments: Array<{ id: string; fileName: string }> };
}

const viewsOf = (residentId: string) =>
  t.deps.db.withTenant(t.tenant.id, (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'resident.consent_attachment.viewed'), eq(auditLog.objectId, residentId))),
  );
const scansInDatabase = async (residentId: string) =>
  (await t.deps.db.system.select().from(consentAttachments).where(eq(consentAttachments.residentId, residentId))).length;

describe('scanned consent forms', () => {
  it('a resident entered with a scan and no written proof is registered; the ledger names the scan', async () => {
    const { id, attachments } = await register('0170 5551001', { consentProof: undefined });
    expect(attachments).toEqual([expect.objectContaining({ fileName: 'einwilligung-muster.pdf', contentType: 'application/pdf', size: PDF.length })]);
    const ledger = await consentHistory(t.deps.db, t.tenant.id, id);
    expect(ledger.every((c) => c.proof === `scan "einwilligung-muster.pdf" (attachment ${attachments[0].id})`)).toBe(true);
    const detail = (await t.as(agent, { method: 'GET', url: `${api}/residents/${id}` })).json();
    expect(detail.attachments).toEqual(attachments);
  });

  it('written proof and scan together both go into the ledger text', async () => {
    const { id, attachments } = await register('0170 5551002', { consentProof: 'Papierformular vom 3.2.' });
    const ledger = await consentHistory(t.deps.db, t.tenant.id, id);
    expect(ledger[0].proof).toBe(`Papierformular vom 3.2. · scan "einwilligung-muster.pdf" (attachment ${attachments[0].id})`);
  });

  it('neither written proof nor scan is refused, pointing at the proof field', async () => {
    const res = await t.as(agent, { method: 'POST', url: `${api}/residents`, payload: { phone: '0170 5551003', topics: [], channels: ['sms'] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ pointer: '/body/consentProof' })]);
  });

  it('a scan downloads byte for byte with its type as an attachment, and the download is audited', async () => {
    const { id, attachments } = await register('0170 5551004');
    const res = await t.as(editor, { method: 'GET', url: `${api}/residents/${id}/consent-attachments/${attachments[0].id}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename=einwilligung-muster.pdf');
    expect(res.rawPayload.equals(PDF)).toBe(true);
    expect(await viewsOf(id)).toEqual([expect.objectContaining({ actorEmail: 'editor@musterstadt.test', details: { attachmentId: attachments[0].id } })]);
  });

  it("the resident's own data export holds a copy of the scan (Art. 15(3))", async () => {
    const { id } = await register('0170 5551019');
    const data = await exportResident(t.deps, id);
    const scans = data.follows.find((f) => f.tenantId === t.tenant.id)!.consentScans;
    expect(scans).toEqual([expect.objectContaining({ fileName: 'einwilligung-muster.pdf', contentType: 'application/pdf', size: PDF.length })]);
    expect(Buffer.from(scans[0].dataBase64!, 'base64').equals(PDF)).toBe(true);
  });

  it('a scan is stored encrypted', async () => {
    const { id } = await register('0170 5551005');
    const [row] = await t.deps.db.system.select().from(consentAttachments).where(eq(consentAttachments.residentId, id));
    expect(row.dataEnc).not.toContain(PDF.toString('base64').slice(0, 12));
    expect(row.dataEnc).not.toContain('%PDF');
  });

  it('a scan attached later on the resident page is listed and downloads as the same PNG', async () => {
    const { id } = await register('0170 5551006', { consentScan: undefined, consentProof: 'Anruf am 4.2.' });
    const added = await t.as(agent, {
      method: 'POST',
      url: `${api}/residents/${id}/consent-attachments`,
      payload: scan(PNG, { fileName: 'Formular Müller.png', contentType: 'image/png' }),
    });
    expect(added.statusCode, added.body).toBe(201);
    expect((await t.as(agent, { method: 'GET', url: `${api}/residents/${id}` })).json().attachments).toEqual([added.json()]);
    const file = await t.as(agent, { method: 'GET', url: `${api}/residents/${id}/consent-attachments/${added.json().id}` });
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['content-disposition']).toBe(`attachment; filename="Formular Muller.png"; filename*=UTF-8''Formular%20M%C3%BCller.png`);
    expect(file.rawPayload.equals(PNG)).toBe(true);
  });

  it('a file that does not start like a PDF, PNG or JPEG is refused, whatever type it declares', async () => {
    const { id } = await register('0170 5551007');
    const text = await t.as(agent, {
      method: 'POST',
      url: `${api}/residents/${id}/consent-attachments`,
      payload: scan(Buffer.from('<html>not a scan</html>')),
    });
    expect(text.statusCode).toBe(400);
    expect(text.json().errors[0].pointer).toBe('/body/dataBase64');
    const mismatch = await t.as(agent, { method: 'POST', url: `${api}/residents/${id}/consent-attachments`, payload: scan(PDF, { contentType: 'image/png' }) });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().errors[0]).toMatchObject({ pointer: '/body/contentType', detail: 'says image/png, but the file is application/pdf' });
    const gif = await t.as(agent, { method: 'POST', url: `${api}/residents/${id}/consent-attachments`, payload: scan(PDF, { contentType: 'image/gif' }) });
    expect(gif.json().errors[0].pointer).toBe('/body/contentType');
    const withScan = await t.as(agent, {
      method: 'POST',
      url: `${api}/residents`,
      payload: { phone: '0170 5551008', topics: [], channels: ['sms'], consentScan: scan(Buffer.from('GIF89a')) },
    });
    expect(withScan.json().errors[0].pointer).toBe('/body/consentScan/dataBase64');
  });

  it('a scan over 5 MB is refused as too large, and says the limit', async () => {
    const { id } = await register('0170 5551009');
    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]);
    const res = await t.as(agent, { method: 'POST', url: `${api}/residents/${id}/consent-attachments`, payload: scan(big) });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'payload_too_large', detail: expect.stringMatching(/at most 5 MB; this one has 5\.0 MB/) });
    const huge = Buffer.concat([PDF, Buffer.alloc(7 * 1024 * 1024)]);
    const refused = await t.as(agent, { method: 'POST', url: `${api}/residents/${id}/consent-attachments`, payload: scan(huge) });
    expect(refused.statusCode).toBe(413);
    // past the body limit the service is never reached; the answer still names the limit
    expect(refused.json()).toMatchObject({
      code: 'payload_too_large',
      detail: 'A scanned consent form may be at most 5 MB. Scan it in greyscale at 150–200 dpi or save it as a PDF.',
    });
    expect(await scansInDatabase(id)).toBe(1);
  });

  it('an editor may read scans but not attach them', async () => {
    const { id } = await register('0170 5551010');
    expect((await t.as(editor, { method: 'POST', url: `${api}/residents/${id}/consent-attachments`, payload: scan(PDF) })).statusCode).toBe(403);
  });

  it('another municipality sees neither the resident nor the scan', async () => {
    const { id, attachments } = await register('0170 5551011');
    const neighbour = await t.login('owner@nachbarort.test');
    const other = '/api/v1/tenants/nachbarort';
    expect((await t.as(neighbour, { method: 'GET', url: `${other}/residents/${id}/consent-attachments/${attachments[0].id}` })).statusCode).toBe(404);
    expect((await t.as(neighbour, { method: 'POST', url: `${other}/residents/${id}/consent-attachments`, payload: scan(PDF) })).statusCode).toBe(404);
    const stranger = await t.as(agent, { method: 'GET', url: `${api}/residents/${id}/consent-attachments/00000000-0000-4000-8000-000000000000` });
    expect(stranger.statusCode).toBe(404);
  });

  it('erasing a resident deletes the scans; the pseudonymised ledger stays', async () => {
    const { id } = await register('0170 5551012');
    expect(await scansInDatabase(id)).toBe(1);
    expect((await t.as(owner, { method: 'DELETE', url: `${api}/residents/${id}` })).statusCode).toBe(204);
    expect(await scansInDatabase(id)).toBe(0);
  });

  it('erasing in one municipality deletes its scans and keeps those of another', async () => {
    const { id } = await register('0170 5551013');
    const neighbour = await t.login('owner@nachbarort.test');
    const there = await t.as(neighbour, {
      method: 'POST',
      url: '/api/v1/tenants/nachbarort/residents',
      payload: { phone: '0170 5551013', topics: [], channels: ['sms'], consentScan: scan(PDF) },
    });
    expect(there.json().id).toBe(id);
    expect(await scansInDatabase(id)).toBe(2);
    expect((await t.as(owner, { method: 'DELETE', url: `${api}/residents/${id}` })).statusCode).toBe(204);
    const left = await t.deps.db.system.select({ tenantId: consentAttachments.tenantId }).from(consentAttachments).where(eq(consentAttachments.residentId, id));
    expect(left.map((r) => r.tenantId)).toEqual([nachbarortId]);
  });
});
