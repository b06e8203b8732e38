import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestApp } from '../../../../../test/helpers/app.ts';
import { resident } from '../../../../../test/helpers/factories.ts';
import { pointersOf } from '../../../../../test/helpers/rejection.ts';
import { countOf, countResidents, createImportApp } from '../../../../../test/helpers/resident-import.ts';
import { residentImports } from '../../../platform/db/schema.ts';
import { findResidentByPhone, getFollow } from '../index.ts';
import { sealCsv } from './resident-import.csv.ts';
import { type ImportJobPayload, runResidentImport } from './resident-import.job.ts';
import { IMPORT_MAX_BYTES, type ImportRunView } from './resident-import.runs.ts';

let t: TestApp;
let owner: Session;
beforeAll(async () => {
  ({ t, owner } = await createImportApp({ work: true }));
});
afterAll(async () => {
  await t.close();
});

const url = '/api/v1/tenants/musterstadt/residents/imports';
const mapping = { phone: 'Telefon', name: 'Name', street: 'Straße', houseNumber: 'Hausnummer', topics: 'Themen' };
const header = 'Telefon;Name;Straße;Hausnummer;Themen';
const proof = 'Papierformulare Bürgerbüro 2024';
const actor = { userId: null, email: 'test', ip: null, userAgent: null, requestId: null };

/** `n` valid rows with numbers +49170<base + i>. */
const csvOf = (base: number, n: number, extra: string[] = []) =>
  [header, ...Array.from({ length: n }, (_, i) => `+49170${base + i};Person ${i};Am Markt;${1 + (i % 90)};Abfall`), ...extra].join('\n');
const start = (csv: string, mode: 'valid-rows' | 'all-or-nothing' = 'valid-rows') =>
  t.as(owner, { method: 'POST', url, payload: { csv, mapping, consentProof: proof, mode } });

async function follow(id: string, seen: ImportRunView[] = []): Promise<ImportRunView> {
  for (const end = Date.now() + 120_000; Date.now() < end; ) {
    const run = (await t.as(owner, { method: 'GET', url: `${url}/${id}` })).json() as ImportRunView;
    seen.push(run);
    if (run.status === 'done' || run.status === 'failed') return run;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`import ${id} did not finish`);
}

/** A run stored as the POST stores it, but not enqueued: the test works it by hand. */
async function storedRun(csv: string): Promise<ImportJobPayload> {
  const csvEnc = await sealCsv(t.deps.config.secretKey, csv);
  const [run] = await t.deps.db.withTenant(t.tenant.id, (tx) =>
    tx.insert(residentImports).values({ tenantId: t.tenant.id, mode: 'valid-rows', mapping, consentProof: proof, csvEnc }).returning(),
  );
  return { tenantId: t.tenant.id, importId: run.id, actor };
}

describe('resident import as a background job', () => {
  it('a 12,000-row file is accepted at once, shows its progress while checked and written, and ends with the report', async () => {
    const before = await countResidents(t);
    const res = await start(csvOf(4_000_000, 12_000));
    expect(res.statusCode).toBe(202);
    const id = res.json().id as string;
    expect(res.headers.location).toBe(`${url}/${id}`);
    expect(res.json()).toMatchObject({ status: 'queued', written: 0, report: null });
    const seen: ImportRunView[] = [];
    const done = await follow(id, seen);
    expect(done).toMatchObject({ status: 'done', total: 12_000, validated: 12_000, written: 12_000, toWrite: 12_000, error: null });
    expect(done.report).toEqual({ total: 12_000, imported: 12_000, created: 12_000, updated: 0, merged: 0, committed: true, errors: [], moreErrors: 0 });
    expect(await countResidents(t)).toBe(before + 12_000);
    // progress moves forward only, and was visible part-way through
    const order = ['queued', 'validating', 'writing', 'done'];
    for (let i = 1; i < seen.length; i++) {
      expect(order.indexOf(seen[i].status)).toBeGreaterThanOrEqual(order.indexOf(seen[i - 1].status));
      expect(seen[i].validated).toBeGreaterThanOrEqual(seen[i - 1].validated);
      expect(seen[i].written).toBeGreaterThanOrEqual(seen[i - 1].written);
    }
    expect(seen.some((r) => r.status === 'writing' && r.written > 0 && r.written < 12_000 && r.toWrite === 12_000)).toBe(true);
    expect(seen.filter((r) => r.status === 'validating').every((r) => r.validated % 1000 === 0 && r.total === 12_000)).toBe(true);
    expect(seen.filter((r) => r.status === 'writing').every((r) => r.validated === 12_000 && r.written % 1000 === 0)).toBe(true);
    // the file is gone, the import is audited, and the list shows the run without row errors
    const [stored] = await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx.select({ csvEnc: residentImports.csvEnc }).from(residentImports).where(sql`id = ${id}`),
    );
    expect(stored.csvEnc).toBeNull();
    expect(await countOf(t, sql`select count(*)::int as n from audit_log where action = 'residents.import' and details->>'importId' = ${id}`)).toBe(1);
    const list = (await t.as(owner, { method: 'GET', url })).json();
    expect(list.items[0]).toMatchObject({ id, status: 'done', written: 12_000 });
  }, 120_000);

  it('all-or-nothing with one bad row writes nothing and reports the row', async () => {
    const before = await countResidents(t);
    const res = await start(csvOf(5_000_000, 2_500, ['keine Nummer;Kaputt;;;']), 'all-or-nothing');
    const done = await follow(res.json().id);
    expect(done).toMatchObject({ status: 'done', total: 2_501, validated: 2_501, written: 0 });
    expect(done.report).toMatchObject({ committed: false, imported: 0, created: 0, errors: [{ line: 2_502, field: 'phone' }], moreErrors: 0 });
    expect(await countResidents(t)).toBe(before);
  });

  it('merges a phone number repeated in the file and one already registered', async () => {
    const residentId = await resident(t.deps, t.tenant, { phone: '+491706000001', topics: ['rathaus'], method: 'portal' });
    const csv = [header, '+49 170 6000001;Dora;;;Abfall', '+491706000002;Emil;;;', '0170 6000002;;Am Markt;4;Verkehr'].join('\n');
    const done = await follow((await start(csv)).json().id);
    expect(done.report).toMatchObject({ total: 3, imported: 2, created: 1, updated: 1, merged: 1, committed: true, errors: [] });
    expect(await findResidentByPhone(t.deps, '+491706000001')).toBe(residentId);
    expect((await getFollow(t.deps, t.tenant.id, residentId))!.topics.sort()).toEqual(['abfall', 'rathaus', 'warnungen']);
    const emil = await getFollow(t.deps, t.tenant.id, (await findResidentByPhone(t.deps, '+491706000002'))!);
    expect(emil).toMatchObject({ houseNumber: '4' });
    expect(emil!.topics.sort()).toEqual(['verkehr', 'warnungen']);
  });

  it('lists at most 1,000 row errors and counts the rest', async () => {
    const bad = Array.from({ length: 1_200 }, () => 'falsch;Falsch;;;');
    const done = await follow((await start(csvOf(6_100_000, 10, bad))).json().id);
    expect(done.report).toMatchObject({ total: 1_210, imported: 10, committed: true, moreErrors: 200 });
    expect(done.report!.errors).toHaveLength(1_000);
  });
});

describe('a run that was interrupted', () => {
  it('resumes at the last committed chunk: no resident twice, none lost, consents once', async () => {
    const before = await countResidents(t);
    const consentsBefore = await countOf(t, sql`select count(*)::int as n from consents`);
    const run = await storedRun(csvOf(7_000_000, 3_500));
    const crash = (written: number) => {
      if (written === 2_000) throw new Error('worker killed');
    };
    await expect(runResidentImport(t.deps, run, { afterChunk: crash })).rejects.toThrow('worker killed');
    const [mid] = await t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(residentImports).where(sql`id = ${run.importId}`));
    expect(mid).toMatchObject({ status: 'writing', written: 2_000, report: { toWrite: 3_500, created: 2_000, updated: 0 } });
    expect(await countResidents(t)).toBe(before + 2_000);

    await runResidentImport(t.deps, run);
    await runResidentImport(t.deps, run); // a repeated job after the end changes nothing
    const done = (await t.as(owner, { method: 'GET', url: `${url}/${run.importId}` })).json();
    expect(done).toMatchObject({ status: 'done', written: 3_500, report: { imported: 3_500, created: 3_500, updated: 0, committed: true } });
    expect(await countResidents(t)).toBe(before + 3_500);
    // sms + abfall + warnungen for each resident, once
    expect(await countOf(t, sql`select count(*)::int as n from consents`)).toBe(consentsBefore + 3 * 3_500);
    expect(await countOf(t, sql`select count(*)::int as n from audit_log where action = 'residents.import' and details->>'importId' = ${run.importId}`)).toBe(
      1,
    );
  });

  it('two workers on the same run write each row once', async () => {
    const before = await countResidents(t);
    const run = await storedRun(csvOf(7_100_000, 2_500));
    await Promise.all([runResidentImport(t.deps, run), runResidentImport(t.deps, run)]);
    const done = (await t.as(owner, { method: 'GET', url: `${url}/${run.importId}` })).json();
    expect(done).toMatchObject({ status: 'done', written: 2_500, report: { imported: 2_500, created: 2_500, updated: 0 } });
    expect(await countResidents(t)).toBe(before + 2_500);
  });
});

describe('requests', () => {
  it('another municipality cannot see or list the run: 404', async () => {
    const id = (await start(csvOf(8_000_000, 5))).json().id;
    await follow(id);
    await t.createTenant('andere-stadt', 'Andere Stadt');
    const stranger = await t.login('owner@andere-stadt.test');
    expect((await t.as(stranger, { method: 'GET', url: `${url}/${id}` })).statusCode).toBe(404);
    expect((await t.as(stranger, { method: 'GET', url: `/api/v1/tenants/andere-stadt/residents/imports/${id}` })).statusCode).toBe(404);
    expect((await t.as(stranger, { method: 'GET', url: '/api/v1/tenants/andere-stadt/residents/imports' })).json().items).toEqual([]);
    expect((await t.as(stranger, { method: 'POST', url, payload: {} })).statusCode).toBe(404);
  });

  it('a bad request is refused at once with a pointer to each field', async () => {
    const res = await t.as(owner, { method: 'POST', url, payload: { csv: '', mapping: {}, consentProof: 'x', mode: 'some' } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const pointers = pointersOf(res).sort();
    expect(pointers).toEqual(['/body/consentProof', '/body/csv', '/body/mapping/phone', '/body/mode']);
    const missing = await t.as(owner, { method: 'POST', url, payload: { csv: 'Tel;Name\n0170 3000020;X', mapping, consentProof: proof } });
    expect(missing.statusCode).toBe(400);
    expect(pointersOf(missing)).toEqual(['/body/mapping/phone', '/body/mapping/street', '/body/mapping/houseNumber', '/body/mapping/topics']);
    expect((await t.as(owner, { method: 'GET', url: `${url}/not-an-id` })).statusCode).toBe(400);
  });

  it('a file over 25 MB is refused with a pointer to it, a body far over that as too large', async () => {
    const big = `${header}\n${'x'.repeat(IMPORT_MAX_BYTES)}`;
    const res = await t.as(owner, { method: 'POST', url, payload: { csv: big, mapping, consentProof: proof } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toMatchObject([{ pointer: '/body/csv', detail: 'the file is larger than 25 MB' }]);
    const huge = await t.as(owner, { method: 'POST', url, payload: { csv: `${big}${'x'.repeat(2 * 1024 * 1024)}`, mapping, consentProof: proof } });
    expect(huge.statusCode).toBe(413);
  });
});
