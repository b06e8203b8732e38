// Watching messages arrive: progress counts with reach and grouped failure reasons, the server-sent events stream,
// the follow-up on another channel, what one resident was sent, tags as an audience, and erasure of the links.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp, tenantWithOwner } from '../../../../test/helpers/app.ts';
import { waitFor } from '../../../../test/helpers/delivery.ts';
import { newTenant, resident } from '../../../../test/helpers/factories.ts';
import { closeAllStreams, openStreams } from '../../platform/sse.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { acceptSend, deliveryProgress, failureReason, followUp } from './index.ts';

const actor = { userId: null, email: 'test', ip: null, userAgent: null, requestId: null };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ work: true });
});
afterAll(async () => {
  await t.close();
});

const api = (tenant: TenantRow) => `/api/v1/tenants/${tenant.slug}`;

/** Sends to these residents by SMS and waits until the dev outbox delivered all of them. */
async function sendAndDeliver(tenant: TenantRow, text: string, people: Array<{ id: string; phone: string }>) {
  const sent = await acceptSend(t.deps, actor, tenant, { text, recipients: people.map((p) => ({ sms: p.phone, residentId: p.id })) });
  await waitFor(
    () => deliveryProgress(t.deps, tenant.id, [sent.id]),
    (p) => p.totals.delivered === people.length,
  );
  return sent.id;
}

/** Rewrites outcomes as a provider might have reported them. */
async function outcome(messageId: string, residentId: string, status: string, error: string | null) {
  await t.deps.db.system.execute(
    sql`update deliveries set status = ${status}, last_error = ${error}, cost_cents = 9 where message_id = ${messageId} and resident_id = ${residentId}`,
  );
}

describe('failure reasons', () => {
  it('normalise provider errors into a few codes', () => {
    expect(failureReason('UNDELIV err:034', 'failed')).toBe('undeliverable');
    expect(failureReason('bounced: 550 mailbox unknown', 'failed')).toBe('undeliverable');
    expect(failureReason('expired before it could be sent', 'expired')).toBe('expired');
    expect(failureReason('push subscription no longer exists', 'failed')).toBe('device_gone');
    expect(failureReason('ESME_RINVDSTADR', 'failed')).toBe('invalid_address');
    expect(failureReason('gave up after 5 attempt(s): timeout: no answer within 300 ms', 'failed')).toBe('throttled');
    expect(failureReason('no sms provider configured', 'failed')).toBe('provider_error');
    expect(failureReason('something odd', 'failed')).toBe('other');
  });
});

describe('progress, stream and follow-up', () => {
  let tenant: TenantRow;
  let owner: Session;
  const people: Array<{ id: string; phone: string }> = [];
  let messageId: string;
  beforeAll(async () => {
    ({ tenant, owner } = await tenantWithOwner(t));
    // A: reached by SMS; B: SMS failed, consented to e-mail too; C: SMS expired, SMS only; D: SMS failed, e-mail too
    const extras: Array<[number, { email?: string; channels?: string[] }]> = [
      [1, {}],
      [2, { email: 'berta@example.org', channels: ['sms', 'email'] }],
      [3, {}],
      [4, { email: 'dora@example.org', channels: ['sms', 'email'] }],
    ];
    for (const [i, extra] of extras) {
      const phone = `+49170555020${i}`;
      people.push({ id: await resident(t.deps, tenant, { phone, ...extra }), phone });
    }
    messageId = await sendAndDeliver(tenant, 'Die Brücke ist gesperrt.', people);
    await outcome(messageId, people[1].id, 'failed', 'UNDELIV err:034');
    await outcome(messageId, people[2].id, 'expired', 'expired before it could be sent');
    await outcome(messageId, people[3].id, 'failed', 'ESME_RINVDSTADR');
  });

  it('counts per channel and status, reach on confirmed deliveries, grouped failure reasons and cost', async () => {
    const res = await t.as(owner, { method: 'GET', url: `${api(tenant)}/sends/${messageId}/progress` });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.totals).toEqual({ queued: 0, waiting: 0, sending: 0, sent: 0, delivered: 1, failed: 2, expired: 1, total: 4 });
    expect(p.channels).toEqual([expect.objectContaining({ channel: 'sms', total: 4, reached: 1, reachBasis: 'delivered', costCents: 27 })]);
    expect(p.reach).toEqual({ reached: 1, of: 4, basis: 'delivered', residentsReached: 1, residents: 4 });
    expect(p.failures).toEqual(
      expect.arrayContaining([
        { reason: 'undeliverable', channel: 'sms', count: 1 },
        { reason: 'expired', channel: 'sms', count: 1 },
        { reason: 'invalid_address', channel: 'sms', count: 1 },
      ]),
    );
    expect(p.done).toBe(true);
    const other = await newTenant(t.deps);
    const foreign = await t.as(await t.login(`owner@${other.slug}.test`), { method: 'GET', url: `${api(other)}/sends/${messageId}/progress` });
    expect(foreign.statusCode).toBe(404);
  });

  it('streams the progress as server-sent events and ends when nothing is pending', async () => {
    const res = await t.as(owner, { method: 'GET', url: `${api(tenant)}/sends/${messageId}/progress/stream` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = res.body.split('\n\n').filter((e) => e.includes('event: progress'));
    expect(events).toHaveLength(1); // done at once: one event, then the end
    const data = JSON.parse(
      events[0]
        .split('\n')
        .find((l) => l.startsWith('data: '))!
        .slice(6),
    );
    expect(data.totals.delivered).toBe(1);
  });

  it('pushes a new event when the counts change', async () => {
    const sent = await acceptSend(t.deps, actor, tenant, {
      text: 'Zweite Nachricht',
      recipients: [{ sms: people[0].phone, residentId: people[0].id, notBefore: new Date(Date.now() + 3_600_000) }],
    });
    const stream = t.as(owner, { method: 'GET', url: `${api(tenant)}/sends/${sent.id}/progress/stream?maxEvents=2` });
    await new Promise((r) => setTimeout(r, 300));
    await t.deps.db.system.execute(sql`update deliveries set status = 'failed', last_error = 'x' where message_id = ${sent.id}`);
    const res = await stream;
    const events = res.body
      .split('\n\n')
      .filter((e) => e.includes('event: progress'))
      .map((e) =>
        JSON.parse(
          e
            .split('\n')
            .find((l) => l.startsWith('data: '))!
            .slice(6),
        ),
      );
    expect(events.map((e) => [e.totals.waiting, e.totals.failed])).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('stops streaming when the client goes away', async () => {
    const sent = await acceptSend(t.deps, actor, tenant, {
      text: 'Dritte Nachricht',
      recipients: [{ sms: people[0].phone, residentId: people[0].id, notBefore: new Date(Date.now() + 3_600_000) }],
    });
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const abort = new AbortController();
    const res = await fetch(`${base}${api(tenant)}/sends/${sent.id}/progress/stream`, { headers: { cookie: owner.cookie }, signal: abort.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: progress')) text += new TextDecoder().decode((await reader.read()).value);
    expect(openStreams()).toBe(1);
    abort.abort();
    await waitFor(
      async () => openStreams(),
      (n) => n === 0,
      5_000,
    );
    expect(openStreams()).toBe(0);

    // shutting down ends the streams still open (the server would otherwise wait for them)
    const second = await fetch(`${base}${api(tenant)}/sends/${sent.id}/progress/stream`, { headers: { cookie: owner.cookie } });
    const r2 = second.body!.getReader();
    await r2.read();
    expect(openStreams()).toBe(1);
    closeAllStreams();
    while (!(await r2.read()).done) {}
    expect(openStreams()).toBe(0);
  });

  it('follows up on e-mail only those not reached who have e-mail', async () => {
    const res = await followUp(t.deps, actor, tenant, [messageId], 'email');
    expect(res).toMatchObject({ unreached: 3, recipients: 2, withoutChannel: 1 });
    const rows = (await t.deps.db.system.execute(
      sql`select channel, recipient, resident_id as "residentId" from deliveries where message_id = ${res.messageId} order by recipient`,
    )) as unknown as { rows: Array<{ channel: string; recipient: string; residentId: string }> };
    expect(rows.rows).toEqual([
      { channel: 'email', recipient: 'berta@example.org', residentId: people[1].id },
      { channel: 'email', recipient: 'dora@example.org', residentId: people[3].id },
    ]);
    const [m] = ((await t.deps.db.system.execute(sql`select text from messages where id = ${res.messageId}`)) as unknown as { rows: Array<{ text: string }> })
      .rows;
    expect(m.text).toBe('Die Brücke ist gesperrt.');
    // nobody is left on SMS: everyone unreached already failed there or has no other address
    expect(await followUp(t.deps, actor, tenant, [messageId, res.messageId!], 'push')).toMatchObject({ recipients: 0, messageId: null });
  });

  it("lists what a resident was sent on the resident's page, and audits the look", async () => {
    const res = await t.as(owner, { method: 'GET', url: `${api(tenant)}/residents/${people[1].id}/deliveries?pageSize=10` });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.total).toBe(2);
    expect(page.items.map((d: { channel: string; status: string; title: string }) => [d.channel, d.title])).toEqual(
      expect.arrayContaining([
        ['sms', 'Die Brücke ist gesperrt.'],
        ['email', 'Die Brücke ist gesperrt.'],
      ]),
    );
    expect(page.items.find((d: { channel: string }) => d.channel === 'sms').status).toBe('failed');
    const audit = (await t.deps.db.system.execute(
      sql`select count(*)::int as n from audit_log where tenant_id = ${tenant.id} and action = 'resident.deliveries_viewed' and object_id = ${people[1].id}`,
    )) as unknown as { rows: Array<{ n: number }> };
    expect(audit.rows[0].n).toBe(1);
    const unknown = await t.as(owner, { method: 'GET', url: `${api(tenant)}/residents/00000000-0000-4000-8000-00000000abcd/deliveries` });
    expect(unknown.statusCode).toBe(404);
    const agent = await t.staffSession('viewer', tenant);
    expect((await t.as(agent, { method: 'GET', url: `${api(tenant)}/residents/${people[1].id}/deliveries` })).statusCode).toBe(403);
  });

  it('erasure removes the links between deliveries and the resident', async () => {
    const res = await t.as(owner, { method: 'DELETE', url: `${api(tenant)}/residents/${people[2].id}` });
    expect(res.statusCode, res.body).toBe(204);
    const left = (await t.deps.db.system.execute(sql`select count(*)::int as n from deliveries where resident_id = ${people[2].id}`)) as unknown as {
      rows: Array<{ n: number }>;
    };
    expect(left.rows[0].n).toBe(0);
    // the statistics stay
    expect((await deliveryProgress(t.deps, tenant.id, [messageId])).totals.total).toBe(4);
  });
});

describe('tags', () => {
  let tenant: TenantRow;
  let owner: Session;
  let anna: string;
  beforeAll(async () => {
    ({ tenant, owner } = await tenantWithOwner(t));
    anna = await resident(t.deps, tenant, { phone: '+491705550301' });
    await resident(t.deps, tenant, { phone: '+491705550302' });
  });

  it('staff set tags on a resident; the audience picks them; the tenant lists them with counts', async () => {
    const patched = await t.as(owner, { method: 'PATCH', url: `${api(tenant)}/residents/${anna}`, payload: { tags: [' Seniorenbeirat ', 'Ortsteil Nord'] } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().follow.tags).toEqual(['Seniorenbeirat', 'Ortsteil Nord']);
    const preview = (tags?: string[]) =>
      t.as(owner, { method: 'POST', url: `${api(tenant)}/audience/preview`, payload: { channels: ['sms'], ...(tags ? { tags } : {}) } }).then((r) => r.json());
    expect((await preview()).count).toBe(2);
    expect(await preview(['Seniorenbeirat'])).toMatchObject({ count: 1, byChannel: { sms: 1 } });
    expect((await preview(['Feuerwehr', 'Ortsteil Nord'])).count).toBe(1);
    expect((await preview(['Feuerwehr'])).count).toBe(0);

    const bad = await t.as(owner, { method: 'PATCH', url: `${api(tenant)}/residents/${anna}`, payload: { tags: ['a;b'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toBe('/body/tags/0');
  });

  it('the CSV import sets tags from a column (separated by ";")', async () => {
    const csv = ['Telefon,Gruppen', '0170 5550303,Seniorenbeirat; Feuerwehr', '0170 5550304,'].join('\n');
    const res = await t.as(owner, {
      method: 'POST',
      url: `${api(tenant)}/residents/import`,
      payload: { csv, mapping: { phone: 'Telefon', tags: 'Gruppen' }, consentProof: 'Liste Seniorenbeirat' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 2 });
    const tags = await t.as(owner, { method: 'GET', url: `${api(tenant)}/tags` });
    expect(tags.statusCode, tags.body).toBe(200);
    expect(tags.json().items).toEqual([
      { tag: 'Feuerwehr', count: 1 },
      { tag: 'Ortsteil Nord', count: 1 },
      { tag: 'Seniorenbeirat', count: 2 },
    ]);
  });
});
