// Database.tenantScript: statements in one round trip run as civicast_app inside the tenant's walls, all or nothing, with
// values inlined by literal() and jsonbLiteral(), which must survive quotes, backslashes and NUL.
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { jsonbLiteral, literal } from './literal.ts';
import { messages } from './schema.ts';

let t: TestApp;
let ours: string;
let theirs: string;
let other: string;
beforeAll(async () => {
  t = await createTestApp();
  other = (await t.createTenant('nachbarort', 'Nachbarort')).id;
  const write = (tenantId: string, text: string) =>
    t.deps.db.withTenant(tenantId, async (tx) => (await tx.insert(messages).values({ tenantId, text }).returning({ id: messages.id }))[0]!.id);
  ours = await write(t.tenant.id, 'unsere Nachricht');
  theirs = await write(other, 'fremde Nachricht');
});
afterAll(async () => {
  await t.close();
});

const textOf = async (tenantId: string, id: string) =>
  (await t.deps.db.withTenant(tenantId, (tx) => tx.select({ text: messages.text }).from(messages).where(eq(messages.id, id))))[0]?.text;

describe('tenant scripts', () => {
  it('run as civicast_app and see only their tenant', async () => {
    const [who, seen] = await t.deps.db.tenantScript(t.tenant.id, ['select current_user as role', 'select id from messages']);
    expect(who).toEqual([{ role: 'civicast_app' }]);
    expect(seen!.map((r) => r.id)).toContain(ours);
    expect(seen!.map((r) => r.id)).not.toContain(theirs);
  });

  it("cannot change another tenant's rows", async () => {
    const [changed] = await t.deps.db.tenantScript(t.tenant.id, [`update messages set text = 'übernommen' where id = ${literal(theirs)} returning id`]);
    expect(changed).toEqual([]);
    expect(await textOf(other, theirs)).toBe('fremde Nachricht');
  });

  it('are all or nothing: a failing statement takes back the ones before it', async () => {
    await expect(
      t.deps.db.tenantScript(t.tenant.id, [`update messages set text = 'halb geschrieben' where id = ${literal(ours)}`, 'select 1 / 0']),
    ).rejects.toThrow(/division by zero/);
    expect(await textOf(t.tenant.id, ours)).toBe('unsere Nachricht');
    // the connection is fine afterwards, and the settings did not outlive the script
    const [[after]] = await t.deps.db.tenantScript(t.tenant.id, ["select current_setting('app.tenant_id') as tenant"]);
    expect(after).toEqual({ tenant: t.tenant.id });
  });

  it('take values with quotes, backslashes and NUL as plain data', async () => {
    const hostile = "O'Brien \\'; drop table messages; -- \0 Ende";
    const [[row]] = await t.deps.db.tenantScript(t.tenant.id, [
      `select ${literal(hostile)} as v, ${jsonbLiteral({ error: "it's \\u0000 a\0b", n: 3 })} as j, ${literal(2.5)} as x, ${literal(null)} as nothing`,
    ]);
    expect(row).toEqual({
      v: "O'Brien \\'; drop table messages; -- \0 Ende".replace('\0', ''),
      j: { error: "it's \\u0000 ab", n: 3 },
      x: '2.5',
      nothing: null,
    });
    expect(() => literal(Number.NaN)).toThrow(TypeError);
    expect(await textOf(t.tenant.id, ours)).toBe('unsere Nachricht');
  });

  it("write strings as the driver's escapeLiteral does, and read back the same text", async () => {
    const texts = ['', 'schlicht', "it's", "''''", 'C:\\Pfad\\', "\\'", 'Grüße ✓ 🚨', '{"error":"\\"quoted\\"\\n"}'];
    for (const text of texts) expect(literal(text)).toBe(pg.escapeLiteral(text));
    const [rows] = await t.deps.db.tenantScript(t.tenant.id, [
      `select v from unnest(array[${texts.map(literal).join(', ')}]) with ordinality as x(v, i) order by i`,
    ]);
    expect(rows.map((r) => r.v)).toEqual(texts);
  });
});
