// Retention: conversations resolved or closed longer ago than the municipality's retention go with everything that
// belongs to them; recent ones, unresolved ones and other municipalities' (with their own retention) stay.
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { queryRows } from '../../platform/db/client.ts';
import { inboxRetentionJob } from './retention.job.ts';

let t: TestApp;
let userId: string;
const logLines: string[] = [];
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  t = await createTestApp({ log: { level: 'info', stream } });
  userId = await t.createStaff(t.tenant, 'agent@musterstadt.test', 'agent');
  await t.deps.db.system.execute(sql`update tenants set inbox_settings = inbox_settings || '{"retentionDays": 30}'::jsonb where id = ${t.tenant.id}`);
});
afterAll(async () => {
  await t.close();
});

/** A conversation with one inbound message (with an attachment), its entry, a reply, a note's attachment and a notification. */
async function conversation(tenantId: string, status: string, firstDaysAgo: number, resolvedDaysAgo: number | null, text: string): Promise<string> {
  const [c] = await queryRows<{ id: string }>(
    t.deps.db.system,
    sql`insert into conversations (tenant_id, contact_kind, channel, subject, status, first_inbound_at, last_inbound_at, last_activity_at, resolved_at, updated_at)
        values (${tenantId}, 'phone', 'sms', ${text}, ${status}, ${ago(firstDaysAgo)}, ${ago(firstDaysAgo)}, ${ago(firstDaysAgo)},
                ${resolvedDaysAgo === null ? null : ago(resolvedDaysAgo)}, ${ago(resolvedDaysAgo ?? firstDaysAgo)}) returning id`,
  );
  const [m] = await queryRows<{ id: string }>(
    t.deps.db.system,
    sql`insert into inbound_messages (tenant_id, channel, sender, recipient, text, received_at, conversation_id)
        values (${tenantId}, 'sms', '+491701234567', '+4930123', ${text}, ${ago(firstDaysAgo)}, ${c.id}) returning id`,
  );
  const [item] = await queryRows<{ id: string }>(
    t.deps.db.system,
    sql`insert into conversation_items (tenant_id, conversation_id, kind, channel, inbound_message_id, body)
        values (${tenantId}, ${c.id}, 'inbound', 'sms', ${m.id}, ${text}) returning id`,
  );
  await t.deps.db.system.execute(
    sql`insert into conversation_items (tenant_id, conversation_id, kind, channel, body) values (${tenantId}, ${c.id}, 'reply', 'sms', 'Antwort')`,
  );
  await t.deps.db.system.execute(
    sql`insert into conversation_attachments (tenant_id, conversation_id, item_id, inbound_message_id, file_name, content_type, size, data)
        values (${tenantId}, ${c.id}, ${item.id}, ${m.id}, 'foto.jpg', 'image/jpeg', 3, '\\x010203'::bytea)`,
  );
  await t.deps.db.system.execute(
    sql`insert into staff_notifications (tenant_id, user_id, kind, conversation_id, text) values (${tenantId}, ${userId}, 'reminder', ${c.id}, ${text})`,
  );
  return c.id;
}

const count = async (table: string, conversationIds: string[]) => {
  const ids = sql.param(conversationIds);
  const [r] = await queryRows<{ n: number }>(
    t.deps.db.system,
    sql`select count(*)::int as n from ${sql.identifier(table)} where conversation_id = any(${ids}::uuid[])`,
  );
  return r.n;
};

describe('inbox retention', () => {
  it('deletes only what was resolved or closed before the retention, with its entries, attachments, notifications and inbound rows', async () => {
    const old = await conversation(t.tenant.id, 'resolved', 60, 40, 'Alte Beschwerde Goldregenweg');
    const oldClosed = await conversation(t.tenant.id, 'closed', 50, null, 'Alte geschlossene Sache'); // closed without resolved_at: its last change counts
    const recent = await conversation(t.tenant.id, 'resolved', 40, 10, 'Neuere Sache');
    const stillOpen = await conversation(t.tenant.id, 'open', 400, null, 'Lange offen');
    const other = await t.createTenant('nachbarort', 'Nachbarort'); // default retention: 730 days
    const otherOld = await conversation(other.id, 'resolved', 60, 40, 'Nachbarort alt');
    const otherAncient = await conversation(other.id, 'resolved', 800, 750, 'Nachbarort uralt');

    await inboxRetentionJob.handle({}, { ...t.deps, jobId: 'test' });

    const gone = [old, oldClosed, otherAncient];
    const kept = [recent, stillOpen, otherOld];
    for (const table of ['conversation_items', 'conversation_attachments', 'staff_notifications', 'inbound_messages']) {
      expect(await count(table, gone), table).toBe(0);
      expect(await count(table, kept), table).toBeGreaterThan(0);
    }
    const left = await queryRows<{ id: string }>(t.deps.db.system, sql`select id from conversations`);
    expect(left.map((r) => r.id).sort()).toEqual([...kept].sort());
    expect(await count('conversation_items', kept)).toBe(6);
    const [{ n: orphans }] = await queryRows<{ n: number }>(
      t.deps.db.system,
      sql`select count(*)::int as n from inbound_messages where text in ('Alte Beschwerde Goldregenweg', 'Alte geschlossene Sache', 'Nachbarort uralt')`,
    );
    expect(orphans).toBe(0);

    // the log counts, it does not quote
    const log = logLines.join('');
    expect(log).toContain('inbox retention');
    const lines = logLines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'inbox retention: old conversations deleted');
    expect(lines.find((l) => l.tenantId === t.tenant.id)).toMatchObject({ conversations: 2, items: 4, attachments: 2, notifications: 2, inboundMessages: 2 });
    for (const needle of ['Goldregenweg', '+491701234567', 'foto.jpg']) expect(log).not.toContain(needle);

    // nothing left to do: a second run deletes nothing
    await inboxRetentionJob.handle({}, { ...t.deps, jobId: 'test-2' });
    expect((await queryRows(t.deps.db.system, sql`select id from conversations`)).length).toBe(3);
  });
});
