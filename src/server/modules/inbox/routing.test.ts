// Routing of new conversations: the municipality's ordered rules, the catch-all, the fallbacks, and round-robin.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { newTenant } from '../../../../test/helpers/factories.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { DEFAULT_DEPARTMENT, firstWord, pickAssignee, type RoutingFacts, routeDepartment } from './routing.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const within = <T>(tenant: TenantRow, fn: (tx: Tx) => Promise<T>) => t.deps.db.withTenant(tenant.id, fn);

async function department(tenant: TenantRow, name: string, assignment = 'round-robin'): Promise<string> {
  const [d] = await within(tenant, (tx) =>
    queryRows<{ id: string }>(tx, sql`insert into departments (tenant_id, name, assignment) values (${tenant.id}, ${name}, ${assignment}) returning id`),
  );
  return d.id;
}

async function rules(tenant: TenantRow, list: Array<{ channel?: string; keyword?: string; topic?: string; language?: string; departmentId: string }>) {
  await within(tenant, async (tx) => {
    for (const [i, r] of list.entries())
      await tx.execute(
        sql`insert into inbox_rules (tenant_id, position, channel, keyword, topic, language, department_id)
            values (${tenant.id}, ${i}, ${r.channel ?? null}, ${r.keyword ?? null}, ${r.topic ?? null}, ${r.language ?? null}, ${r.departmentId})`,
      );
  });
}

async function member(tenant: TenantRow, email: string, departmentId: string, role: 'agent' | 'viewer' = 'agent', available = true): Promise<string> {
  const userId = await t.createStaff(tenant, email, role);
  await within(tenant, (tx) => tx.execute(sql`update memberships set department_id = ${departmentId}, available = ${available} where user_id = ${userId}`));
  return userId;
}

const facts = (f: Partial<RoutingFacts>): RoutingFacts => ({ channel: 'sms', text: 'Hallo', topic: null, language: null, ...f });

describe('routeDepartment', () => {
  let tenant: TenantRow;
  let ordnung: string;
  let abfall: string;
  let english: string;
  let office: string;
  beforeAll(async () => {
    tenant = await newTenant(t.deps);
    office = await department(tenant, 'Zentrale');
    ordnung = await department(tenant, 'Ordnungsamt');
    abfall = await department(tenant, 'Abfallwirtschaft');
    english = await department(tenant, 'International Office');
    // the catch-all stands first on purpose: specific rules still win over it
    await rules(tenant, [
      { departmentId: office },
      { keyword: 'Lärm', departmentId: ordnung },
      { topic: 'abfall', departmentId: abfall },
      { channel: 'email', language: 'en', departmentId: english },
      { channel: 'sms', topic: 'abfall', departmentId: ordnung },
    ]);
  });

  it('matches the first word as a keyword, whatever its case and punctuation', async () => {
    expect(await within(tenant, (tx) => routeDepartment(tx, facts({ text: 'LÄRM! Nachbar feiert seit 22 Uhr' })))).toBe(ordnung);
    expect(await within(tenant, (tx) => routeDepartment(tx, facts({ text: 'Zu viel Lärm' })))).toBe(office);
  });

  it('takes the first matching rule by position', async () => {
    // both the topic rule (position 2) and the sms+topic rule (position 4) match: the earlier wins
    expect(await within(tenant, (tx) => routeDepartment(tx, facts({ topic: 'abfall' })))).toBe(abfall);
  });

  it('matches channel and language together', async () => {
    expect(await within(tenant, (tx) => routeDepartment(tx, facts({ channel: 'email', language: 'en' })))).toBe(english);
    expect(await within(tenant, (tx) => routeDepartment(tx, facts({ channel: 'sms', language: 'en' })))).toBe(office);
  });

  it('falls back to the catch-all rule when nothing specific matches', async () => {
    expect(await within(tenant, (tx) => routeDepartment(tx, facts({ channel: 'portal', text: 'Frage zum Bauantrag' })))).toBe(office);
  });

  it('without rules: the oldest department', async () => {
    const other = await newTenant(t.deps);
    const first = await department(other, 'Bauamt');
    await department(other, 'Kämmerei');
    expect(await within(other, (tx) => routeDepartment(tx, facts({})))).toBe(first);
  });

  it('without any department: creates the Bürgerbüro, once', async () => {
    const empty = await newTenant(t.deps);
    const a = await within(empty, (tx) => routeDepartment(tx, facts({})));
    const b = await within(empty, (tx) => routeDepartment(tx, facts({ channel: 'email' })));
    expect(a).toBe(b);
    const rows = await within(empty, (tx) => queryRows<{ name: string }>(tx, sql`select name from departments`));
    expect(rows).toEqual([{ name: DEFAULT_DEPARTMENT }]);
  });
});

describe('pickAssignee', () => {
  it('gives conversations in turn to the available members who may work the inbox', async () => {
    const tenant = await newTenant(t.deps);
    const dept = await department(tenant, 'Bürgerservice');
    const anna = await member(tenant, 'anna@rr.test', dept);
    const ben = await member(tenant, 'ben@rr.test', dept);
    await member(tenant, 'clara@rr.test', dept, 'agent', false); // not available
    await member(tenant, 'dora@rr.test', dept, 'viewer'); // may not work the inbox
    const picks: Array<string | null> = [];
    for (let i = 0; i < 4; i++) picks.push(await within(tenant, (tx) => pickAssignee(tx, dept)));
    expect(picks).toEqual([anna, ben, anna, ben]);
  });

  it('the member who waited longest is next, also after someone comes back', async () => {
    const tenant = await newTenant(t.deps);
    const dept = await department(tenant, 'Bürgerservice');
    const anna = await member(tenant, 'anna@rr2.test', dept);
    const ben = await member(tenant, 'ben@rr2.test', dept, 'agent', false);
    expect(await within(tenant, (tx) => pickAssignee(tx, dept))).toBe(anna);
    await within(tenant, (tx) => tx.execute(sql`update memberships set available = true where user_id = ${ben}`));
    // ben never had one: he comes first
    expect(await within(tenant, (tx) => pickAssignee(tx, dept))).toBe(ben);
    expect(await within(tenant, (tx) => pickAssignee(tx, dept))).toBe(anna);
  });

  it('a department worked by claiming, or with nobody available, assigns nobody', async () => {
    const tenant = await newTenant(t.deps);
    const claim = await department(tenant, 'Standesamt', 'claim');
    await member(tenant, 'eva@rr3.test', claim);
    const nobody = await department(tenant, 'Leer');
    expect(await within(tenant, (tx) => pickAssignee(tx, claim))).toBeNull();
    expect(await within(tenant, (tx) => pickAssignee(tx, nobody))).toBeNull();
  });
});

describe('firstWord', () => {
  it('is the first word in lower case without punctuation', () => {
    expect(firstWord('  Müll? bitte abholen')).toBe('müll');
    expect(firstWord('')).toBe('');
  });
});
