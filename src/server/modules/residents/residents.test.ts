import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { newTenant, resident } from '../../../../test/helpers/factories.ts';
import { codeFrom } from '../../../../test/helpers/portal.ts';
import { pointersOf } from '../../../../test/helpers/rejection.ts';
import { devOutbox, residents, tenants } from '../../platform/db/schema.ts';
import {
  consentHistory,
  eraseResident,
  exportResident,
  getFollow,
  registerResident,
  requestCode,
  updatePreferences,
  verifyCode,
  withdrawConsent,
} from './index.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ work: true });
});
afterAll(async () => {
  await t.close();
});

describe('registration with a verified phone number', () => {
  it('a code arrives by SMS, works once, and registration records consent per channel and topic', async () => {
    await requestCode(t.deps, t.tenant, { phone: '0170 5551234', ip: '203.0.113.7', purpose: 'register', language: 'de' });
    const code = await codeFrom(t, '+491705551234');
    await expect(verifyCode(t.deps, t.tenant, '+491705551234', code === '000000' ? '111111' : '000000')).rejects.toMatchObject({
      errors: [{ pointer: '/body/code', detail: expect.stringMatching(/wrong or expired/) }],
    });
    const phone = await verifyCode(t.deps, t.tenant, '0170 5551234', code);
    expect(phone).toBe('+491705551234');
    await expect(verifyCode(t.deps, t.tenant, phone, code)).rejects.toThrow(); // single use
    const { residentId } = await registerResident(
      t.deps,
      t.tenant,
      { phone },
      { topics: ['abfall'], channels: ['sms'] },
      { method: 'portal', ipPrefix: '203.0.113.0/24' },
    );
    const follow = await getFollow(t.deps, t.tenant.id, residentId);
    expect(follow!.topics.sort()).toEqual(['abfall', 'warnungen']); // warnings are mandatory by default
    const ledger = await consentHistory(t.deps.db, t.tenant.id, residentId);
    expect(ledger.map((c) => `${c.action}:${c.channel ?? c.topic}`).sort()).toEqual(['given:abfall', 'given:sms', 'given:warnungen']);
    expect(ledger.every((c) => c.textHash && c.method === 'portal' && c.ipPrefix === '203.0.113.0/24')).toBe(true);
  });

  it('the phone number is stored encrypted, not in the clear', async () => {
    // its own resident, not the one another test registered
    await resident(t.deps, t.tenant, { phone: '+491705551299', email: 'klartext@example.org' });
    const rows = await t.deps.db.system.execute(sql`select count(*)::int as n from residents r where r::text like '%1705551299%'`);
    expect((rows as unknown as { rows: { n: number }[] }).rows[0].n).toBe(0);
    expect((await t.deps.db.system.select().from(residents)).length).toBeGreaterThan(0);
    const mail = await t.deps.db.system.execute(sql`select count(*)::int as n from residents r where r::text like '%klartext@example.org%'`);
    expect((mail as unknown as { rows: { n: number }[] }).rows[0].n).toBe(0);
  });

  it('five wrong tries end a code', async () => {
    await requestCode(t.deps, t.tenant, { phone: '+491705550001', ip: '198.51.100.1', purpose: 'register', language: 'de' });
    const code = await codeFrom(t, '+491705550001');
    const wrong = code === '123456' ? '654321' : '123456';
    for (let i = 0; i < 5; i++) await expect(verifyCode(t.deps, t.tenant, '+491705550001', wrong)).rejects.toThrow();
    await expect(verifyCode(t.deps, t.tenant, '+491705550001', code)).rejects.toThrow();
  });

  it('numbers from countries the tenant does not allow are refused before any SMS', async () => {
    await expect(requestCode(t.deps, t.tenant, { phone: '+12025550123', ip: '192.0.2.1', purpose: 'register', language: 'de' })).rejects.toMatchObject({
      errors: [{ pointer: '/body/phone', detail: expect.stringMatching(/cannot register/) }],
    });
  });

  it('a flood from many addresses and numbers sends no more code SMS than the daily budget; the owners are told once', async () => {
    const small = await t.createTenant('kleindorf', 'Kleindorf');
    await t.deps.db.system.update(tenants).set({ codeSmsDailyBudget: 7 }).where(eq(tenants.id, small.id));
    const tenant = { ...small, codeSmsDailyBudget: 7 };
    let accepted = 0;
    for (let i = 0; i < 40; i++) {
      try {
        await requestCode(t.deps, tenant, {
          phone: `+4915${String(20000000 + i * 7919).padStart(9, '0')}`,
          ip: `10.${i}.${i % 7}.1`,
          purpose: 'register',
          language: 'de',
        });
        accepted++;
      } catch (err) {
        expect((err as { code?: string }).code).toBe('rate_limited');
      }
    }
    expect(accepted).toBe(7);
    await new Promise((r) => setTimeout(r, 1500)); // let every queued code reach the outbox
    const sent = await t.deps.db.system
      .select()
      .from(devOutbox)
      .where(and(eq(devOutbox.tenantId, small.id), eq(devOutbox.channel, 'sms')));
    expect(sent.length).toBe(7);

    // when codes stop, the owners and admins get one e-mail that day and the console can show it
    const owner = await t.login('owner@kleindorf.test');
    const status = await t.as(owner, { method: 'GET', url: '/api/v1/tenants/kleindorf/residents/code-budget' });
    expect(status.json()).toMatchObject({ sent: 7, budget: 7, exhausted: true });
    const mails = await t.deps.db.system
      .select()
      .from(devOutbox)
      .where(and(eq(devOutbox.recipient, 'owner@kleindorf.test'), eq(devOutbox.channel, 'email')));
    expect(mails).toHaveLength(1); // 33 refusals, one e-mail
    expect(mails[0].subject).toBe('Kleindorf: Tageslimit für Anmelde-SMS erreicht');
    expect(mails[0].bodyText).toContain('/admin/t/kleindorf/settings');
    const other = await t.as(owner, { method: 'GET', url: '/api/v1/tenants/musterstadt/residents/code-budget' });
    expect(other.statusCode).toBe(404);
  });

  it('staff set the daily budget and the allowed countries; a code from a country left out is refused', async () => {
    // a municipality of its own, with no codes sent today whatever ran before
    const town = await newTenant(t.deps);
    const owner = await t.login(`owner@${town.slug}.test`);
    const bad = await t.as(owner, {
      method: 'PATCH',
      url: `/api/v1/tenants/${town.slug}`,
      payload: { allowedCountries: ['DE', 'XX'], codeSmsDailyBudget: -1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(pointersOf(bad).sort()).toEqual(['/body/allowedCountries/1', '/body/codeSmsDailyBudget']);
    expect(bad.json().errors.find((e: { pointer: string }) => e.pointer === '/body/allowedCountries/1')).toMatchObject({ code: 'country_code' });
    const ok = await t.as(owner, {
      method: 'PATCH',
      url: `/api/v1/tenants/${town.slug}`,
      payload: { allowedCountries: ['at', 'AT', 'CH'], codeSmsDailyBudget: 50 },
    });
    expect(ok.json()).toMatchObject({ allowedCountries: ['AT', 'CH'], codeSmsDailyBudget: 50 });
    const [row] = await t.deps.db.system.select().from(tenants).where(eq(tenants.id, town.id));
    await expect(requestCode(t.deps, row, { phone: '+491701234500', ip: '10.99.0.1', purpose: 'register', language: 'de' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect((await t.as(owner, { method: 'GET', url: `/api/v1/tenants/${town.slug}/residents/code-budget` })).json()).toMatchObject({
      budget: 50,
      exhausted: false,
    });
  });
});

describe('preferences, withdrawal, export and erasure', () => {
  it('a withdrawal is recorded and switches the follow off; changing preferences records given and withdrawn', async () => {
    const { residentId } = await registerResident(
      t.deps,
      t.tenant,
      { phone: '+491705552222', email: 'erna@example.org' },
      { topics: ['verkehr'], channels: ['sms', 'email'] },
      { method: 'staff', ipPrefix: null, proof: 'Papierformular vom 3.2.', actorId: null },
    );
    await updatePreferences(t.deps, t.tenant, residentId, { topics: ['verkehr', 'abfall'], channels: ['email'] }, { method: 'portal', ipPrefix: null });
    await withdrawConsent(t.deps, t.tenant, residentId, { method: 'sms-stop', ipPrefix: null });
    expect((await getFollow(t.deps, t.tenant.id, residentId))!.status).toBe('withdrawn');
    const ledger = await consentHistory(t.deps.db, t.tenant.id, residentId);
    expect(
      ledger
        .filter((c) => c.action === 'withdrawn')
        .map((c) => c.channel ?? c.topic)
        .sort(),
    ).toEqual(['abfall', 'email', 'sms', 'verkehr', 'warnungen']);
    expect(ledger[0].proof).toBe('Papierformular vom 3.2.');
  });

  it('the export holds the contact data and consents; after erasure no table holds the phone number or e-mail', async () => {
    await requestCode(t.deps, t.tenant, { phone: '+491705553333', ip: '203.0.113.9', purpose: 'register', language: 'de' });
    const phone = await verifyCode(t.deps, t.tenant, '+491705553333', await codeFrom(t, '+491705553333'));
    const { residentId } = await registerResident(
      t.deps,
      t.tenant,
      { phone, email: 'loesch.mich@example.org', name: 'Lotte Lösch' },
      { topics: ['abfall'], channels: ['sms', 'email'] },
      { method: 'portal', ipPrefix: null },
    );
    const exported = await exportResident(t.deps, residentId);
    expect(exported.resident).toMatchObject({ phone: '+491705553333', email: 'loesch.mich@example.org', name: 'Lotte Lösch' });
    expect(exported.follows[0].consents.length).toBeGreaterThan(0);
    await eraseResident(t.deps, residentId);
    const tables = (await t.deps.db.system.execute(
      sql`select table_schema, table_name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'`,
    )) as unknown as { rows: { table_schema: string; table_name: string }[] };
    for (const needle of ['1705553333', 'loesch.mich@example.org', 'Lotte']) {
      for (const { table_schema, table_name } of tables.rows) {
        const res = (await t.deps.db.system.execute(
          sql.raw(`select count(*)::int as n from "${table_schema}"."${table_name}" x where x::text ilike '%${needle}%'`),
        )) as unknown as { rows: { n: number }[] };
        expect(res.rows[0].n, `${needle} in ${table_schema}.${table_name}`).toBe(0);
      }
    }
  });
});
