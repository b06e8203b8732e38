import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwnerApp, type Session, type TestApp } from '../../../../../test/helpers/app.ts';
import { newTenant } from '../../../../../test/helpers/factories.ts';
import { auditLog, deliveries, messages, pushSubscriptions } from '../../../platform/db/schema.ts';
import { consentHistory } from '../index.ts';

let t: TestApp;
let owner: Session;
let agent: Session;
const api = '/api/v1/tenants/musterstadt';

beforeAll(async () => {
  ({ t, owner } = await createOwnerApp());
  agent = await t.staffSession('agent');
  // signs in later, in the tests that need the editor's view
  await t.createStaff(t.tenant, 'editor@musterstadt.test', 'editor');
});
afterAll(() => t.close());

const entry = (over: Record<string, unknown> = {}) => ({
  phone: '0170 5550101',
  email: 'erna.muster@example.org',
  name: 'Erna Muster',
  topics: ['abfall'],
  channels: ['sms', 'email'],
  consentProof: 'Papierformular vom 3.2., Ordner Einwilligungen 2025, Blatt 14',
  ...over,
});

async function register(session: Session, over: Record<string, unknown> = {}) {
  const res = await t.as(session, { method: 'POST', url: `${api}/residents`, payload: entry(over) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const auditEntries = (action: string) =>
  t.deps.db.withTenant(t.tenant.id, (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, t.tenant.id), eq(auditLog.action, action))),
  );

describe('manual entry by staff', () => {
  it('a resident entered without a consent proof is refused, pointing at the proof field', async () => {
    const { consentProof: _, ...noProof } = entry({ phone: '0170 5550199' });
    const res = await t.as(agent, { method: 'POST', url: `${api}/residents`, payload: noProof });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ pointer: '/body/consentProof' })]);
  });

  it('the consent proof and the staff member are recorded in the ledger for every consent given', async () => {
    const id = await register(agent, { phone: '0170 5550102' });
    const ledger = await consentHistory(t.deps.db, t.tenant.id, id);
    expect(ledger.map((c) => c.channel ?? c.topic).sort()).toEqual(['abfall', 'email', 'sms', 'warnungen']);
    expect(ledger.every((c) => c.method === 'staff' && c.proof?.startsWith('Papierformular') && c.actorId)).toBe(true);
  });

  it('an invalid phone number is refused with a pointer to the field', async () => {
    const res = await t.as(agent, { method: 'POST', url: `${api}/residents`, payload: entry({ phone: '12345' }) });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/body/phone');
  });

  it('a landline cannot be given the SMS channel', async () => {
    const res = await t.as(agent, { method: 'POST', url: `${api}/residents`, payload: entry({ phone: '030 12345678', channels: ['sms'] }) });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/body/channels');
    await register(agent, { phone: '030 12345678', email: '', channels: ['voice'] });
  });

  it('the same phone number cannot be entered twice', async () => {
    await register(agent, { phone: '0170 5550103' });
    const res = await t.as(agent, { method: 'POST', url: `${api}/residents`, payload: entry({ phone: '+49 170 5550103' }) });
    expect(res.statusCode).toBe(409);
  });
});

describe('list, search and detail', () => {
  it('search by a whole phone number finds the resident and shows the number masked', async () => {
    const id = await register(agent, { phone: '0170 5550104', email: 'such.mich@example.org' });
    const res = await t.as(agent, { method: 'GET', url: `${api}/residents?q=${encodeURIComponent('+49 (170) 555 0104')}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({ id, phone: '+49 170 •••• 04', emailMasked: 's•••@example.org', status: 'active', source: 'staff' }),
    ]);
    expect(res.body).not.toContain('5550104');
    const byMail = await t.as(agent, { method: 'GET', url: `${api}/residents?q=Such.Mich@example.org` });
    expect(byMail.json().items.map((r: { id: string }) => r.id)).toEqual([id]);
  });

  it('a part of a number cannot be searched, and the answer says why', async () => {
    const res = await t.as(agent, { method: 'GET', url: `${api}/residents?q=0104` });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ pointer: '/querystring/q', detail: expect.stringMatching(/encrypted/) });
  });

  it('filters and pages through the list', async () => {
    // a municipality of its own: the list holds this test's residents, whatever the others registered
    const town = await newTenant(t.deps);
    const clerk = await t.staffSession('agent', town);
    const list = `/api/v1/tenants/${town.slug}/residents`;
    for (const over of [{ phone: '0170 5559301' }, { phone: '0170 5559302' }, { phone: '0170 5559303' }, { phone: '030 12345699', channels: ['voice'] }]) {
      const res = await t.as(clerk, { method: 'POST', url: list, payload: entry({ email: '', channels: ['sms'], ...over }) });
      expect(res.statusCode, res.body).toBe(201);
    }
    const all = (await t.as(clerk, { method: 'GET', url: `${list}?limit=200` })).json().items;
    expect(all).toHaveLength(4);
    const first = (await t.as(clerk, { method: 'GET', url: `${list}?limit=2` })).json();
    expect(first.items).toHaveLength(2);
    const second = (await t.as(clerk, { method: 'GET', url: `${list}?limit=2&after=${first.nextAfter}` })).json();
    expect([...first.items, ...second.items].map((r: { id: string }) => r.id)).toEqual(all.map((r: { id: string }) => r.id));
    const voice = (await t.as(clerk, { method: 'GET', url: `${list}?channel=voice` })).json().items;
    expect(voice.length).toBe(1);
    expect((await t.as(clerk, { method: 'GET', url: `${list}?verified=true` })).json().items).toEqual([]);
  });

  it('opening a resident shows the contact in the clear and writes who viewed it to the audit log', async () => {
    const id = await register(agent, { phone: '0170 5550105', email: 'ansicht@example.org' });
    const editor = await t.login('editor@musterstadt.test');
    const res = await t.as(editor, { method: 'GET', url: `${api}/residents/${id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id,
      contact: { phone: '+491705550105', email: 'ansicht@example.org', name: 'Erna Muster' },
      follow: { status: 'active', channels: ['sms', 'email'] },
    });
    expect(res.json().consents.length).toBeGreaterThan(0);
    const views = (await auditEntries('resident.viewed')).filter((a) => a.objectId === id);
    expect(views).toEqual([expect.objectContaining({ actorEmail: 'editor@musterstadt.test' })]);
  });

  it('the resident page shows the latest 50 deliveries to their phone, e-mail and push subscriptions with the message title', async () => {
    const id = await register(agent, { phone: '0170 5550111', email: 'zustellung@example.org' });
    const tenantId = t.tenant.id;
    await t.deps.db.withTenant(tenantId, async (tx) => {
      const [push] = await tx
        .insert(pushSubscriptions)
        .values({ tenantId, endpoint: 'https://push.example/1', p256dh: 'k', auth: 'a', residentId: id })
        .returning();
      const [msg] = await tx.insert(messages).values({ tenantId, subject: 'Straßensperrung Hauptstraße', text: 'Ab Montag gesperrt.' }).returning();
      const expiresAt = new Date(Date.now() + 86_400_000);
      const row = (channel: 'sms' | 'email' | 'push', recipient: string, minutesAgo: number) => ({
        tenantId,
        messageId: msg.id,
        channel,
        recipient,
        batch: 0,
        expiresAt,
        status: 'delivered' as const,
        createdAt: new Date(Date.now() - minutesAgo * 60_000),
      });
      await tx
        .insert(deliveries)
        .values([row('sms', '+491705550111', 70), row('email', 'zustellung@example.org', 60), row('push', push.id, 50), row('sms', '+491705559999', 40)]);
      await tx.insert(deliveries).values(Array.from({ length: 50 }, (_, i) => row('sms', '+491705550111', i)));
    });
    const detail = (await t.as(agent, { method: 'GET', url: `${api}/residents/${id}` })).json();
    expect(detail.deliveries).toHaveLength(50);
    expect(detail.deliveries[0]).toMatchObject({ channel: 'sms', status: 'delivered', subject: 'Straßensperrung Hauptstraße', createdAt: expect.any(String) });
    await t.deps.db.withTenant(tenantId, (tx) =>
      tx.delete(deliveries).where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.recipient, '+491705550111'))),
    );
    const all = (await t.as(agent, { method: 'GET', url: `${api}/residents/${id}` })).json().deliveries;
    expect(all.map((d: { channel: string }) => d.channel)).toEqual(['push', 'email']);
  });

  it('the consent proof export holds the ledger and the consent text it names', async () => {
    const id = await register(agent, { phone: '0170 5550106' });
    const proof = (await t.as(agent, { method: 'GET', url: `${api}/residents/${id}/consents.json` })).json();
    const hash = proof.consents[0].textHash;
    expect(proof.texts[hash].textDe).toMatch(/Ich willige ein/);
    expect(proof.consents[0].proof).toMatch(/Papierformular/);
  });
});

describe('changes, withdrawal and erasure', () => {
  it('a new channel needs a consent proof; a withdrawn resident receives nothing more', async () => {
    const id = await register(agent, { phone: '0170 5550107', channels: ['sms'] });
    const noProof = await t.as(agent, { method: 'PATCH', url: `${api}/residents/${id}`, payload: { channels: ['sms', 'voice'] } });
    expect(noProof.json().errors[0].pointer).toBe('/body/consentProof');
    const fewer = await t.as(agent, { method: 'PATCH', url: `${api}/residents/${id}`, payload: { topics: [] } });
    expect(fewer.json().follow.topics).toEqual(['warnungen']);
    expect((await t.as(agent, { method: 'POST', url: `${api}/residents/${id}/withdraw`, payload: { note: 'Anruf am 4.2.' } })).statusCode).toBe(204);
    const detail = (await t.as(agent, { method: 'GET', url: `${api}/residents/${id}` })).json();
    expect(detail.follow.status).toBe('withdrawn');
    expect(detail.consents.filter((c: { action: string }) => c.action === 'withdrawn').map((c: { proof: string }) => c.proof)).toContain('Anruf am 4.2.');
    const withdrawn = (await t.as(agent, { method: 'GET', url: `${api}/residents?status=withdrawn` })).json().items;
    expect(withdrawn.map((r: { id: string }) => r.id)).toContain(id);
  });

  it('an agent may not erase a resident; an owner may, and the resident is gone', async () => {
    const id = await register(agent, { phone: '0170 5550108' });
    expect((await t.as(agent, { method: 'DELETE', url: `${api}/residents/${id}` })).statusCode).toBe(403);
    expect((await t.as(owner, { method: 'DELETE', url: `${api}/residents/${id}` })).statusCode).toBe(204);
    expect((await t.as(owner, { method: 'GET', url: `${api}/residents/${id}` })).statusCode).toBe(404);
    expect((await t.as(owner, { method: 'GET', url: `${api}/residents?q=01705550108` })).json().items).toEqual([]);
  });

  it('erasing in one municipality leaves the subscription in another', async () => {
    const other = await t.createTenant('nachbarort', 'Nachbarort');
    const neighbour = await t.login('owner@nachbarort.test');
    const id = await register(agent, { phone: '0170 5550109' });
    const there = await t.as(neighbour, { method: 'POST', url: '/api/v1/tenants/nachbarort/residents', payload: entry({ phone: '0170 5550109' }) });
    expect(there.json().id).toBe(id);
    expect((await t.as(owner, { method: 'DELETE', url: `${api}/residents/${id}` })).statusCode).toBe(204);
    expect((await t.as(owner, { method: 'GET', url: `${api}/residents/${id}` })).statusCode).toBe(404);
    const kept = await t.as(neighbour, { method: 'GET', url: `/api/v1/tenants/${other.slug}/residents/${id}` });
    expect(kept.json().contact.phone).toBe('+491705550109');
  });

  it('the CSV export lists residents with contact data and is audited', async () => {
    await register(agent, { phone: '0170 5550110', email: 'csv@example.org' });
    expect((await t.as(agent, { method: 'GET', url: `${api}/residents.csv` })).statusCode).toBe(403);
    const res = await t.as(owner, { method: 'GET', url: `${api}/residents.csv` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('id,phone,email,topics,channels,status,created');
    expect(lines.some((l) => l.includes('+491705550110,csv@example.org,abfall warnungen,sms email,active'))).toBe(true);
    expect((await auditEntries('residents.exported')).length).toBe(1);
  });
});

describe('GDPR requests', () => {
  it('a request is due one month after receipt and shows as overdue after that', async () => {
    const received = new Date(Date.now() - 40 * 86_400_000);
    const old = await t.as(agent, {
      method: 'POST',
      url: `${api}/gdpr-requests`,
      payload: { kind: 'access', note: 'Brief', receivedAt: received.toISOString() },
    });
    expect(old.statusCode).toBe(201);
    const due = new Date(old.json().dueAt);
    expect(due.getUTCMonth()).toBe((received.getUTCMonth() + 1) % 12);
    const fresh = (await t.as(agent, { method: 'POST', url: `${api}/gdpr-requests`, payload: { kind: 'erasure', note: 'E-Mail' } })).json();
    const list = (await t.as(agent, { method: 'GET', url: `${api}/gdpr-requests` })).json().items;
    expect(list.map((r: { id: string; overdue: boolean }) => [r.id, r.overdue])).toEqual([
      [old.json().id, true],
      [fresh.id, false],
    ]);
    const done = await t.as(agent, { method: 'PATCH', url: `${api}/gdpr-requests/${old.json().id}`, payload: { status: 'done' } });
    expect(done.json()).toMatchObject({ status: 'done', overdue: false, completedAt: expect.any(String) });
  });

  it('a request can only name a resident of this municipality', async () => {
    const res = await t.as(agent, {
      method: 'POST',
      url: `${api}/gdpr-requests`,
      payload: { kind: 'access', residentId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(res.json().errors[0].pointer).toBe('/body/residentId');
  });
});

describe('topics', () => {
  it('owners add, rename and delete topics; a followed topic cannot be deleted', async () => {
    const created = await t.as(owner, { method: 'POST', url: `${api}/topics`, payload: { key: 'schule', nameDe: 'Schule', nameEn: 'School' } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect(
      (await t.as(owner, { method: 'POST', url: `${api}/topics`, payload: { key: 'schule', nameDe: 'Schule', nameEn: 'School' } })).json().errors[0].pointer,
    ).toBe('/body/key');
    expect((await t.as(owner, { method: 'PATCH', url: `${api}/topics/${id}`, payload: { nameDe: 'Schulen' } })).json().nameDe).toBe('Schulen');
    expect((await t.as(agent, { method: 'POST', url: `${api}/topics`, payload: { key: 'x', nameDe: 'Xx', nameEn: 'Xx' } })).statusCode).toBe(403);
    const list = (await t.as(agent, { method: 'GET', url: `${api}/topics` })).json();
    expect(list.items.map((x: { key: string }) => x.key)).toContain('schule');
    const abfall = list.items.find((x: { key: string }) => x.key === 'abfall');
    await register(agent, { phone: '0170 5559401' }); // a follower of its own, whichever tests ran before
    expect((await t.as(owner, { method: 'DELETE', url: `${api}/topics/${abfall.id}` })).statusCode).toBe(409);
    expect((await t.as(owner, { method: 'DELETE', url: `${api}/topics/${id}` })).statusCode).toBe(204);
  });

  it('the municipality decides whether warnings can be switched off', async () => {
    const res = await t.as(owner, { method: 'PATCH', url: api, payload: { warningsOptional: true } });
    expect(res.json().warningsOptional).toBe(true);
    expect((await t.as(owner, { method: 'GET', url: `${api}/topics` })).json().warningsOptional).toBe(true);
    await t.as(owner, { method: 'PATCH', url: api, payload: { warningsOptional: false } });
  });
});
