import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestApp } from '../../../../../test/helpers/app.ts';
import { resident } from '../../../../../test/helpers/factories.ts';
import { countResidents, createImportApp } from '../../../../../test/helpers/resident-import.ts';
import { consentHistory, findResidentByPhone, getFollow } from '../index.ts';

let t: TestApp;
let owner: Session;
const url = '/api/v1/tenants/musterstadt/residents/import';
const mapping = { phone: 'Telefon', email: 'E-Mail', name: 'Name', street: 'Straße', houseNumber: 'Hausnummer', topics: 'Themen' };
const header = 'Telefon;E-Mail;Name;Straße;Hausnummer;Themen';

beforeAll(async () => {
  ({ t, owner } = await createImportApp());
});
afterAll(async () => {
  await t.close();
});

describe('resident CSV import', () => {
  it('reports every bad row by line and field, and with all-or-nothing imports nothing', async () => {
    const csv = [header, '0170 3000001;a@example.org;Anna;Am Markt;3;Abfall', '12;;Bernd;;;', '0170 3000003;kein-mail;Cora;Nirgendweg;1;Kochen'].join('\n');
    const before = await countResidents(t);
    const res = await t.as(owner, { method: 'POST', url, payload: { csv, mapping, consentProof: 'Papierformulare Bürgerbüro', mode: 'all-or-nothing' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 3, imported: 0, committed: false });
    expect(res.json().errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`)).toEqual(['3:phone', '4:email', '4:street', '4:topics']);
    expect(await countResidents(t)).toBe(before);
  });

  it('otherwise commits the valid rows whole, with consent by import and the proof', async () => {
    const csv = [header, '0170 3000001;a@example.org;Anna;Am Markt;3;Abfall, Verkehr', '12;;Bernd;;;'].join('\n');
    const res = await t.as(owner, { method: 'POST', url, payload: { csv, mapping, consentProof: 'Papierformulare Bürgerbüro' } });
    expect(res.json()).toMatchObject({ total: 2, imported: 1, created: 1, committed: true, errors: [{ line: 3, field: 'phone' }] });
    const id = (await findResidentByPhone(t.deps, '+491703000001'))!;
    const follow = await getFollow(t.deps, t.tenant.id, id);
    expect(follow).toMatchObject({ houseNumber: '3', source: 'import', status: 'active' });
    expect(follow!.topics.sort()).toEqual(['abfall', 'verkehr', 'warnungen']);
    // the import's consent proof confirms the address: audiences may use it without a link
    const [r] = (
      (await t.deps.db.system.execute(sql`select email_verified_at from residents where id = ${id}`)) as unknown as {
        rows: Array<{ email_verified_at: unknown }>;
      }
    ).rows;
    expect(r.email_verified_at).not.toBeNull();
    expect(follow!.channels.sort()).toEqual(['email', 'sms']);
    const ledger = await consentHistory(t.deps.db, t.tenant.id, id);
    expect(ledger.every((c) => c.method === 'import' && c.proof === 'Papierformulare Bürgerbüro' && c.textHash)).toBe(true);
  });

  it('merges duplicates by phone, within the file and with residents already registered', async () => {
    const residentId = await resident(t.deps, t.tenant, { phone: '+491703000010', topics: ['rathaus'], method: 'portal' });
    const csv = [header, '+49 170 3000010;d@example.org;Dora;;;Abfall', '+491703000011;;Emil;;;', '0170-3000011;e@example.org;;;;Verkehr'].join('\n');
    const res = await t.as(owner, { method: 'POST', url, payload: { csv, mapping, consentProof: 'Liste Seniorentreff' } });
    expect(res.json()).toMatchObject({ total: 3, imported: 2, created: 1, updated: 1, merged: 1, errors: [] });
    expect(await findResidentByPhone(t.deps, '+491703000010')).toBe(residentId);
    const follow = await getFollow(t.deps, t.tenant.id, residentId);
    expect(follow!.topics.sort()).toEqual(['abfall', 'rathaus', 'warnungen']); // nothing the resident chose is lost
    const emil = await getFollow(t.deps, t.tenant.id, (await findResidentByPhone(t.deps, '+491703000011'))!);
    expect(emil!.channels.sort()).toEqual(['email', 'sms']);
  });

  it('a column missing from the file is reported on line 1, and a consent proof is required', async () => {
    const res = await t.as(owner, { method: 'POST', url, payload: { csv: 'Tel;Name\n0170 3000020;X', mapping, consentProof: 'x'.repeat(10) } });
    expect(res.json().errors[0]).toMatchObject({ line: 1, field: 'phone' });
    const noProof = await t.as(owner, { method: 'POST', url, payload: { csv: `${header}\n0170 3000020;;;;;`, mapping } });
    expect(noProof.statusCode).toBe(400);
  });
});
