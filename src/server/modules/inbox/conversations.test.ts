// Working a conversation through the staff API, on a real database with real peers: replies arrive at the local SMSC
// and SMTP sink, crossing replies are refused, notes notify, lists and German search find what they should.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { addProvider, waitFor } from '../../../../test/helpers/delivery.ts';
import { threadedConversation } from '../../../../test/helpers/inbox.ts';
import { type SmtpSink, startSmtpSink } from '../../../../test/peers/smtp-sink.ts';
import { type Smsc, startSmsc } from '../../../../test/peers/smsc.ts';
import { seal } from '../../platform/auth/crypto.ts';
import { queryRows } from '../../platform/db/client.ts';
import { openStreams } from '../../platform/sse.ts';
import { auditLog, conversationItems, conversations, departments, staffNotifications } from '../../platform/db/schema.ts';
import { lookupHash } from '../residents/index.ts';
import { listQuery } from './conversations.repository.ts';

let t: TestApp;
let smsc: Smsc;
let sink: SmtpSink;
let owner: Session;
let ownerId: string;
let agent: Session;
let agentId: string;
let departmentId: string;
const api = '/api/v1/tenants/musterstadt/inbox';

beforeAll(async () => {
  t = await createTestApp({ work: true });
  smsc = await startSmsc({ systemId: 'civicast', password: 'secret' });
  sink = await startSmtpSink();
  owner = await t.loginOwner();
  ownerId = (await queryRows<{ id: string }>(t.deps.db.system, sql`select id from staff_users where email = 'owner@musterstadt.test'`))[0].id;
  agentId = await t.createStaff(t.tenant, 'anna@musterstadt.test', 'agent');
  agent = await t.login('anna@musterstadt.test');
  await addProvider(t, owner, {
    channel: 'sms',
    kind: 'smpp',
    name: 'SMSC',
    config: { host: '127.0.0.1', port: smsc.port, systemId: 'civicast', windowSize: 5 },
    secrets: { password: 'secret' },
  });
  await addProvider(t, owner, { channel: 'email', kind: 'smtp', name: 'Relay', config: { host: '127.0.0.1', port: sink.port } });
  [{ id: departmentId }] = await t.deps.db.withTenant(t.tenant.id, (tx) =>
    tx.insert(departments).values({ tenantId: t.tenant.id, name: 'Ordnungsamt' }).returning({ id: departments.id }),
  );
});
afterAll(async () => {
  await t.close();
  await smsc.close();
  await sink.close();
});

interface Seed {
  channel?: 'sms' | 'email' | 'portal';
  from?: string;
  subject?: string;
  text?: string;
  status?: 'open' | 'waiting' | 'resolved' | 'closed';
  assigneeId?: string | null;
  dueInMinutes?: number;
  residentId?: string | null;
  emailMessageId?: string;
}

/** A conversation as the threader leaves it (the ingest helper's public pieces make these in production). */
async function seed(s: Seed = {}): Promise<{ id: string; itemId: string }> {
  const key = t.deps.config.secretKey;
  const channel = s.channel ?? 'sms';
  const from = s.from ?? '+491701234567';
  const now = new Date();
  const due = new Date(now.getTime() + (s.dueInMinutes ?? 60) * 60_000);
  return t.deps.db.withTenant(t.tenant.id, async (tx) => {
    const [c] = await tx
      .insert(conversations)
      .values({
        ...threadedConversation(t.tenant.id, now, due, new Date(due.getTime() + 3600_000)),
        contactKind: s.residentId ? 'resident' : channel === 'sms' ? 'phone' : 'email',
        residentId: s.residentId ?? null,
        contactHash: lookupHash(key, channel === 'sms' ? 'phone' : 'email', from),
        contactEnc: seal(key, from),
        channel,
        subject: s.subject ?? '',
        departmentId,
        assigneeId: s.assigneeId ?? null,
        status: s.status ?? 'open',
        nextDueAt: s.status === 'resolved' || s.status === 'closed' ? null : due,
      })
      .returning();
    const [item] = await tx
      .insert(conversationItems)
      .values({
        tenantId: t.tenant.id,
        conversationId: c.id,
        kind: 'inbound',
        channel,
        subject: s.subject ?? null,
        body: s.text ?? 'Hallo',
        emailMessageId: s.emailMessageId ?? null,
      })
      .returning();
    await tx.execute(sql`update conversations set search = to_tsvector('german', ${`${s.subject ?? ''} ${s.text ?? 'Hallo'}`}) where id = ${c.id}`);
    return { id: c.id, itemId: item.id };
  });
}

const get = (s: Session, url: string) => t.as(s, { method: 'GET', url: `${api}${url}` });
type Body = Record<string, unknown>;
const post = (s: Session, url: string, payload?: Body) => t.as(s, { method: 'POST', url: `${api}${url}`, ...(payload === undefined ? {} : { payload }) });
const patch = (s: Session, url: string, payload: Body) => t.as(s, { method: 'PATCH', url: `${api}${url}`, payload });

describe('lists', () => {
  let late: string;
  let mine: string;
  let done: string;
  beforeAll(async () => {
    ({ id: late } = await seed({ text: 'Die Straßenlaternen in der Lindenallee sind seit Tagen aus.', dueInMinutes: -30 }));
    ({ id: mine } = await seed({ text: 'Wann kommt die Biotonne?', status: 'waiting', assigneeId: agentId, dueInMinutes: 120 }));
    ({ id: done } = await seed({ text: 'Danke für die schnelle Hilfe!', status: 'resolved' }));
  });

  it('the named views show the conversations they name', async () => {
    const ids = async (view: string) => ((await get(agent, `/conversations?view=${view}&limit=200`)).json().items as Array<{ id: string }>).map((i) => i.id);
    expect(await ids('overdue')).toContain(late);
    expect(await ids('overdue')).not.toContain(mine);
    expect(await ids('mine')).toEqual([mine]);
    expect(await ids('unanswered')).toContain(late);
    expect(await ids('unanswered')).not.toContain(mine);
    expect(await ids('unassigned')).toContain(late);
    expect(await ids('unassigned')).not.toContain(done);
    const overdue = (await get(agent, '/conversations?view=overdue')).json().items.find((i: { id: string }) => i.id === late);
    expect(overdue).toMatchObject({ overdue: true, contact: { kind: 'phone', address: '+491701234567', replyChannels: ['sms'] } });
  });

  it('German search finds "Straßenlaternen" when asked for "Straßenlaterne"', async () => {
    const res = await get(agent, `/conversations?q=${encodeURIComponent('Straßenlaterne')}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: { id: string }) => i.id)).toEqual([late]);
    expect(res.json().total).toBe(1);
  });

  it('pages follow each other without gaps or repeats, deadlines first and undated last', async () => {
    for (const filter of ['', '&status=active', '&view=unassigned']) {
      const all = (await get(agent, `/conversations?limit=200${filter}`)).json();
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Array<{ id: string }>; next: string | null } = (
          await get(agent, `/conversations?limit=1${filter}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        ).json();
        seen.push(...page.items.map((i) => i.id));
        cursor = page.next;
      } while (cursor);
      expect(seen, filter).toEqual(all.items.map((i: { id: string }) => i.id));
      expect(all.total, filter).toBe(seen.length);
      // a page past the end has no row to carry the total: it is counted on its own
      const beyond = Buffer.from(JSON.stringify({ d: null, a: '1970-01-01T00:00:00.000Z', id: '00000000-0000-0000-0000-000000000000' })).toString('base64url');
      const past = (await get(agent, `/conversations?limit=1${filter}&cursor=${beyond}`)).json();
      expect(past, filter).toMatchObject({ items: [], next: null, total: seen.length });
      if (!filter) {
        expect(seen.indexOf(late)).toBeLessThan(seen.indexOf(mine));
        expect(seen.indexOf(mine)).toBeLessThan(seen.indexOf(done));
      }
    }
    expect((await get(agent, '/conversations?cursor=nonsense')).statusCode).toBe(400);
  });

  it('the overdue list of a department is read in deadline order from conversations_due_idx, not sorted at all', async () => {
    // with sorting off, the planner must find an index that yields the order: proves the query matches the index
    // (a parameterised status list, for one, would not); the million-row timing is the benchmark's (bench/)
    const plan = await t.deps.db.withTenant(t.tenant.id, async (tx) => {
      await tx.execute(sql`set local enable_sort = off`);
      await tx.execute(sql`set local enable_seqscan = off`);
      const query = listQuery(t.tenant.id, agentId, { view: 'overdue', departmentId }, 51, null, 1000);
      return (await queryRows<Record<string, string>>(tx, sql`explain ${query}`)).map((r) => Object.values(r)[0]).join('\n');
    });
    expect(plan).toContain('conversations_due_idx');
    // the index ends in the id, the tie breaker: a page stops at its limit, with no sort (not even an incremental one
    // over the rows sharing a deadline, which are many in a backlog); the total is counted once per statement
    expect(plan).not.toMatch(/Sort/);
    expect(plan).toMatch(/InitPlan/);
  });

  it('counts are for everyone; bodies are not for viewers', async () => {
    const viewer = await t.staffSession('viewer');
    const counts = await get(viewer, '/counts');
    expect(counts.statusCode).toBe(200);
    expect(counts.json()).toMatchObject({ overdue: expect.any(Number), unanswered: expect.any(Number), mine: 0 });
    expect((await get(agent, '/counts')).json().mine).toBe(1);
    expect((await get(viewer, '/conversations')).statusCode).toBe(403);
    expect((await get(viewer, `/conversations/${late}`)).statusCode).toBe(403);
    expect((await post(viewer, `/conversations/${late}/replies`, { body: 'x' })).statusCode).toBe(403);
  });

  it('every view of a conversation is in the audit log', async () => {
    const res = await get(agent, `/conversations/${late}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toMatchObject({ kind: 'inbound', body: 'Die Straßenlaternen in der Lindenallee sind seit Tagen aus.' });
    const rows = await t.deps.db.system
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'conversation.viewed'), eq(auditLog.objectId, late)));
    expect(rows).toHaveLength(1);
    expect(rows[0].actorId).toBe(agentId);
  });
});

describe('replies', () => {
  it('an SMS reply arrives at the SMSC addressed to the number, and the conversation waits for the resident', async () => {
    const { id } = await seed({ from: '+491709990001', text: 'Ist der Wertstoffhof samstags offen?' });
    const res = await post(agent, `/conversations/${id}/replies`, { body: 'Ja, samstags von 9 bis 13 Uhr.' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'reply', channel: 'sms', authorName: 'anna' });
    const sms = await waitFor(
      async () => smsc.messages.find((m) => m.destination === '491709990001'),
      (m) => !!m,
    );
    expect(sms?.text).toBe('Ja, samstags von 9 bis 13 Uhr.');
    const detail = (await get(agent, `/conversations/${id}`)).json();
    expect(detail.status).toBe('waiting');
    expect(detail.firstRespondedAt).not.toBeNull();
    expect(detail.nextDueAt).toBe(detail.resolutionDueAt);
    expect(detail.items.at(-1).deliveryStatus).toEqual(expect.any(String));
  });

  it('an SMS reply longer than the municipality allows is refused naming the body', async () => {
    const { id } = await seed({ from: '+491709990002' });
    const res = await post(agent, `/conversations/${id}/replies`, { body: 'Sehr geehrte Damen und Herren, '.repeat(20) });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/body/body');
  });

  it('an e-mail reply carries In-Reply-To and References of the resident\'s mail and a "Re:" subject', async () => {
    const { id } = await seed({
      channel: 'email',
      from: 'bernd@example.org',
      subject: 'Sperrmüll',
      text: 'Wann ist Sperrmüll?',
      emailMessageId: 'abc123@mail.example.org',
    });
    const res = await post(agent, `/conversations/${id}/replies`, { body: 'Am 12. März.', status: 'resolved' });
    expect(res.statusCode).toBe(201);
    const mail = await waitFor(
      async () => sink.messages.find((m) => m.to.includes('bernd@example.org')),
      (m) => !!m,
    );
    expect(mail?.headers.get('in-reply-to')).toBe('<abc123@mail.example.org>');
    expect(mail?.headers.get('references')).toContain('<abc123@mail.example.org>');
    expect(mail?.subject).toBe('Re: Sperrmüll');
    const [item] = await t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(conversationItems).where(eq(conversationItems.id, res.json().id)));
    expect(mail?.messageId).toBe(`<${item.emailMessageId}>`);
    const detail = (await get(agent, `/conversations/${id}`)).json();
    expect(detail).toMatchObject({ status: 'resolved', nextDueAt: null });
  });

  it("a reply that would cross a colleague's newer reply is refused with 409 unless forced", async () => {
    const { id, itemId } = await seed({ from: '+491709990003' });
    expect((await post(owner, `/conversations/${id}/replies`, { body: 'Wir kümmern uns.', lastSeenItemId: itemId })).statusCode).toBe(201);
    const crossed = await post(agent, `/conversations/${id}/replies`, { body: 'Ich schaue nach.', lastSeenItemId: itemId });
    expect(crossed.statusCode).toBe(409);
    expect(crossed.json().code).toBe('reply_crossed');
    expect((await post(agent, `/conversations/${id}/replies`, { body: 'Ich schaue nach.', lastSeenItemId: itemId, force: true })).statusCode).toBe(201);
  });
});

describe('notes, claim, assign, status, merge', () => {
  it('a note notifies the mentioned colleague; mentioning a stranger is refused', async () => {
    const { id } = await seed();
    const outsider = await t.createTenant('anderswo', 'Anderswo');
    const strangerId = (await queryRows<{ id: string }>(t.deps.db.system, sql`select id from staff_users where email = ${`owner@${outsider.slug}.test`}`))[0]
      .id;
    const bad = await post(owner, `/conversations/${id}/notes`, { body: '@X bitte ansehen', mentions: [strangerId] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toMatch(/\/mentions/i);
    const res = await post(owner, `/conversations/${id}/notes`, { body: '@anna bitte übernehmen', mentions: [agentId] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'note', mentions: [agentId] });
    const list = (await get(agent, '/notifications')).json();
    expect(list.items[0]).toMatchObject({ kind: 'mention', conversationId: id, readAt: null });
    expect(list.unread).toBeGreaterThan(0);
    expect((await post(agent, '/notifications/read', {})).statusCode).toBe(204);
    expect((await get(agent, '/notifications')).json().unread).toBe(0);
  });

  it('claim takes it oneself; assign to a colleague notifies them and logs an event', async () => {
    const { id } = await seed();
    const claimed = await post(agent, `/conversations/${id}/claim`);
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json()).toMatchObject({ assigneeId: agentId, assigneeName: 'anna', departmentId });
    const assigned = await post(agent, `/conversations/${id}/assign`, { assigneeId: ownerId });
    expect(assigned.json()).toMatchObject({ assigneeId: ownerId });
    const notices = await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx
        .select()
        .from(staffNotifications)
        .where(and(eq(staffNotifications.userId, ownerId), eq(staffNotifications.conversationId, id))),
    );
    expect(notices.map((n) => n.kind)).toEqual(['assigned']);
    const events = (await get(agent, `/conversations/${id}`)).json().items.filter((i: { kind: string }) => i.kind === 'event');
    expect(events.map((e: { event: { type: string } }) => e.event.type)).toEqual(['claimed', 'assigned']);
    expect((await post(agent, `/conversations/${id}/assign`, { departmentId: null })).statusCode).toBe(400);
    expect((await post(agent, `/conversations/${id}/assign`, { assigneeId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(400);
  });

  it('resolving ends the deadlines, reopening starts new ones; an empty change is refused', async () => {
    const { id } = await seed();
    // the old deadline's reminder and escalation went out: a reopened conversation gets them again for its new one
    const sent = new Date();
    await t.deps.db.withTenant(t.tenant.id, (tx) => tx.update(conversations).set({ remindedAt: sent, escalatedAt: sent }).where(eq(conversations.id, id)));
    const resolved = (await patch(agent, `/conversations/${id}`, { status: 'resolved', tags: ['laterne'] })).json();
    expect(resolved).toMatchObject({ status: 'resolved', nextDueAt: null, tags: ['laterne'] });
    expect(resolved.resolvedAt).not.toBeNull();
    const reopened = (await patch(agent, `/conversations/${id}`, { status: 'open' })).json();
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: null });
    expect(reopened.nextDueAt).toBe(reopened.firstResponseDueAt);
    expect(Date.parse(reopened.nextDueAt)).toBeGreaterThan(Date.now());
    const [marks] = await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx.select({ remindedAt: conversations.remindedAt, escalatedAt: conversations.escalatedAt }).from(conversations).where(eq(conversations.id, id)),
    );
    expect(marks).toEqual({ remindedAt: null, escalatedAt: null });
    expect((await patch(agent, `/conversations/${id}`, {})).statusCode).toBe(400);
    const tagged = (await get(agent, '/conversations?tag=laterne')).json().items.map((i: { id: string }) => i.id);
    expect(tagged).toEqual([id]);
  });

  it('two conversations of one sender merge: entries move, the source is closed; other senders cannot merge', async () => {
    const a = await seed({ from: '+491705550001', text: 'Erste Nachricht' });
    const b = await seed({ from: '+491705550001', text: 'Zweite Nachricht' });
    const other = await seed({ from: '+491705550002' });
    expect((await post(agent, `/conversations/${a.id}/merge`, { intoId: other.id })).statusCode).toBe(409);
    const merged = await post(agent, `/conversations/${a.id}/merge`, { intoId: b.id });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({ id: b.id, inboundCount: 2 });
    const target = (await get(agent, `/conversations/${b.id}`)).json();
    expect(target.items.filter((i: { kind: string }) => i.kind === 'inbound').map((i: { body: string }) => i.body)).toEqual([
      'Erste Nachricht',
      'Zweite Nachricht',
    ]);
    const source = (await get(agent, `/conversations/${a.id}`)).json();
    expect(source).toMatchObject({ status: 'closed', mergedInto: b.id });
    expect((await get(agent, `/conversations?q=Erste`)).json().items.map((i: { id: string }) => i.id)).toEqual([b.id]);
  });
});

describe('live stream', () => {
  it('sends the counts first, then the claim as it happens', async () => {
    const { id } = await seed();
    const stream = t.as(agent, { method: 'GET', url: `${api}/stream?maxEvents=2` });
    // subscribed before the stream opens: once it is open, the claim below is heard
    await waitFor(
      async () => openStreams(),
      (n) => n > 0,
    );
    await post(owner, `/conversations/${id}/claim`);
    const res = await stream;
    expect(res.headers['content-type']).toContain('text/event-stream');
    const events = res.body
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .flatMap((l) => JSON.parse(l.slice(6)).events);
    expect(events[0]).toMatchObject({ type: 'counts', counts: { unanswered: expect.any(Number) } });
    expect(events).toContainEqual({ type: 'conversation', id, status: 'open', assigneeId: ownerId, departmentId });
    expect(res.body).not.toContain('Hallo');
  });
});
