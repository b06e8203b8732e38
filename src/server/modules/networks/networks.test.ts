// Networks (issue 9): a Landkreis or Verbund has its own console API for its staff: the network, its members with
// follower counts; operators create networks and members. Non-members never reach a network.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { newNetwork, newTenant, resident, staffMember } from '../../../../test/helpers/factories.ts';
import { operatorSession } from '../../../../test/helpers/operator.ts';
import { auditLog, campaigns, deliveries, messageTemplates, warnings } from '../../platform/db/schema.ts';
import { getNews } from '../messages/index.ts';
import { setNetworkStaff } from './index.ts';
import type { TenantRow } from '../../platform/tenancy.ts';

let t: TestApp;
let a: TenantRow;
let b: TenantRow;
let outside: TenantRow;
let net: { id: string; slug: string; name: string };
let kreis: Session; // network admin, no membership in any member municipality
let memberOwner: Session; // owner of member A, not network staff

beforeAll(async () => {
  t = await createTestApp();
  a = await newTenant(t.deps, { name: 'Adorf' });
  b = await newTenant(t.deps, { name: 'Bstadt' });
  outside = await newTenant(t.deps, { name: 'Cweiler' });
  await staffMember(t.deps, outside, 'kreis-admin@kreis.test', 'viewer'); // an account; its network role is what counts
  net = await newNetwork(t.deps, { members: [a, b], staff: { 'kreis-admin@kreis.test': 'admin' }, name: 'Landkreis Test' });
  kreis = await t.login('kreis-admin@kreis.test');
  memberOwner = await t.login(`owner@${a.slug}.test`);
  await resident(t.deps, a, { phone: '0170 5551001' });
  await resident(t.deps, a, { phone: '0170 5551002' });
  await resident(t.deps, b, { phone: '0170 5551003' });
  await resident(t.deps, outside, { phone: '0170 5551004' });
});
afterAll(async () => {
  await t.close();
});

describe('a network console for network staff', () => {
  it('the staff member sees the network in their account with their role', async () => {
    const me = (await t.as(kreis, { method: 'GET', url: '/api/v1/me' })).json();
    expect(me.networks).toContainEqual(expect.objectContaining({ slug: net.slug, name: 'Landkreis Test', role: 'admin' }));
  });

  it('shows the network with its member count', async () => {
    const res = await t.as(kreis, { method: 'GET', url: `/api/v1/networks/${net.slug}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ slug: net.slug, kind: 'landkreis', role: 'admin', memberCount: 2 });
  });

  it('lists the member municipalities with their follower counts, and no one else', async () => {
    const res = await t.as(kreis, { method: 'GET', url: `/api/v1/networks/${net.slug}/members` });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ slug: string; name: string; followers: number }>;
    expect(items.map((m) => [m.name, m.followers])).toEqual([
      ['Adorf', 2],
      ['Bstadt', 1],
    ]);
  });

  it("a member municipality's own staff are no network staff: the network answers 404", async () => {
    for (const url of [`/api/v1/networks/${net.slug}`, `/api/v1/networks/${net.slug}/members`]) {
      const res = await t.as(memberOwner, { method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
    }
    expect((await t.as(memberOwner, { method: 'GET', url: '/api/v1/networks/gibt-es-nicht' })).statusCode).toBe(404);
  });

  it('a network role gives no right inside a member municipality', async () => {
    const res = await t.as(kreis, { method: 'GET', url: `/api/v1/tenants/${a.slug}/residents` });
    expect(res.statusCode).toBe(404);
  });

  it('without a session the network answers 401', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/networks/${net.slug}` });
    expect(res.statusCode).toBe(401);
  });
});

describe('networks are created by the installation operator', () => {
  let operator: Session;
  beforeAll(async () => {
    operator = await operatorSession(t, outside, 'betrieb@kreis.test');
  });
  /** The operator's call to the installation API's networks. */
  const networksApi = (method: 'GET' | 'POST' | 'PUT', path: string, payload?: object) =>
    t.as(operator, { method, url: `/api/v1/installation/networks${path}`, ...(payload ? { payload } : {}) });

  it('creates a network, adds members and staff; the new staff member sees it', async () => {
    const created = await networksApi('POST', '', { slug: 'verbund-nord', name: 'Verbund Nord', kind: 'verbund' });
    expect(created.statusCode).toBe(201);
    const add = await networksApi('POST', '/verbund-nord/members', { tenant: b.slug });
    expect(add.statusCode).toBe(204);
    const staff = await networksApi('PUT', '/verbund-nord/staff', { email: `owner@${b.slug}.test`, role: 'editor' });
    expect(staff.statusCode).toBe(200);
    const list = (await networksApi('GET', '')).json().items;
    expect(list.find((n: { slug: string }) => n.slug === 'verbund-nord').members).toEqual([{ slug: b.slug, name: 'Bstadt' }]);
    const owner = await t.login(`owner@${b.slug}.test`);
    expect((await t.as(owner, { method: 'GET', url: '/api/v1/networks/verbund-nord' })).json()).toMatchObject({ role: 'editor', memberCount: 1 });
    // joining is recorded in the member's audit log
    const audit = (await t.as(owner, { method: 'GET', url: `/api/v1/tenants/${b.slug}/audit-log` })).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toContain('network.joined');
  });

  it('refuses a taken slug, an unknown municipality and an unknown account with the reason', async () => {
    const taken = await networksApi('POST', '', { slug: net.slug, name: 'Doppelt', kind: 'verbund' });
    expect(taken.statusCode).toBe(409);
    const unknown = await networksApi('POST', `/${net.slug}/members`, { tenant: 'gibt-es-nicht' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].pointer).toBe('/body/tenant');
    const nobody = await networksApi('PUT', `/${net.slug}/staff`, { email: 'niemand@x.test', role: 'admin' });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json().errors[0].pointer).toBe('/body/email');
  });

  it("a municipality's owner is no operator: 403", async () => {
    const res = await t.as(memberOwner, { method: 'POST', url: '/api/v1/installation/networks', payload: { slug: 'boese', name: 'Böse', kind: 'verbund' } });
    expect(res.statusCode).toBe(403);
  });
});

describe('templates shared by a network', () => {
  const base = () => `/api/v1/networks/${net.slug}/templates`;
  const create = (s: Session, name: string) =>
    t.as(s, { method: 'POST', url: base(), payload: { name, title: 'Straßensperrung', body: 'Die **Kreisstraße** ist gesperrt.', topic: 'verkehr' } });

  it('network staff create, change and delete a template; the list shows the change', async () => {
    const created = await create(kreis, 'Sperrung Kreisstraße');
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const changed = await t.as(kreis, { method: 'PATCH', url: `${base()}/${id}`, payload: { title: 'Vollsperrung' } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Sperrung Kreisstraße', title: 'Vollsperrung', topic: 'verkehr' });
    const list = (await t.as(kreis, { method: 'GET', url: base() })).json().items;
    expect(list.find((x: { id: string }) => x.id === id).title).toBe('Vollsperrung');
    expect((await t.as(kreis, { method: 'DELETE', url: `${base()}/${id}` })).statusCode).toBe(204);
    expect((await t.as(kreis, { method: 'DELETE', url: `${base()}/${id}` })).statusCode).toBe(404);
  });

  it('refuses an empty body with the field named', async () => {
    const res = await t.as(kreis, { method: 'POST', url: base(), payload: { name: 'Leer', body: '' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/body/body');
  });

  it('member municipalities read the template but cannot change it; others do not see it', async () => {
    const id = (await create(kreis, 'Hochwasser-Vorlage')).json().id as string;
    const seen = await t.deps.db.withTenant(a.id, (tx) => tx.select().from(messageTemplates).where(eq(messageTemplates.id, id)));
    expect(seen.map((r) => r.name)).toEqual(['Hochwasser-Vorlage']);
    const hidden = await t.deps.db.withTenant(outside.id, (tx) => tx.select().from(messageTemplates).where(eq(messageTemplates.id, id)));
    expect(hidden).toEqual([]);
    const changed = await t.deps.db.withTenant(a.id, (tx) =>
      tx.update(messageTemplates).set({ body: 'Gekapert' }).where(eq(messageTemplates.id, id)).returning(),
    );
    expect(changed).toEqual([]); // row-level security: a member writes only its own templates
    const deleted = await t.deps.db.withTenant(a.id, (tx) => tx.delete(messageTemplates).where(eq(messageTemplates.id, id)).returning());
    expect(deleted).toEqual([]);
    const list = (await t.as(kreis, { method: 'GET', url: base() })).json().items;
    expect(list.find((x: { id: string }) => x.id === id).body).toBe('Die **Kreisstraße** ist gesperrt.');
    // the member's console lists it with its own templates, read-only, with the network's name
    const own = (await t.as(memberOwner, { method: 'GET', url: `/api/v1/tenants/${a.slug}/message-templates` })).json().items;
    expect(own.find((x: { id: string }) => x.id === id)).toMatchObject({ readOnly: true, network: { id: net.id, name: 'Landkreis Test' } });
    const patched = await t.as(memberOwner, { method: 'PATCH', url: `/api/v1/tenants/${a.slug}/message-templates/${id}`, payload: { body: 'Gekapert' } });
    expect([403, 404, 409]).toContain(patched.statusCode);
  });

  it("another network's template is not found under this network", async () => {
    const other = await newNetwork(t.deps, { members: [outside], staff: { 'kreis-admin@kreis.test': 'admin' } });
    const id = (await t.as(kreis, { method: 'POST', url: `/api/v1/networks/${other.slug}/templates`, payload: { name: 'Fremd', body: 'Text' } })).json().id;
    expect((await t.as(kreis, { method: 'PATCH', url: `${base()}/${id}`, payload: { name: 'Übernommen' } })).statusCode).toBe(404);
    expect((await t.as(kreis, { method: 'DELETE', url: `${base()}/${id}` })).statusCode).toBe(404);
    expect((await t.as(kreis, { method: 'GET', url: base() })).json().items.map((x: { name: string }) => x.name)).not.toContain('Fremd');
  });
});

describe('a network sends to its members’ residents', () => {
  let approver: Session; // network staff allowed to send (network.send)
  const fromNetwork = async (tenant: TenantRow, title: string) =>
    t.deps.db.withTenant(tenant.id, (tx) =>
      tx
        .select()
        .from(campaigns)
        .where(and(eq(campaigns.originNetworkId, net.id), eq(campaigns.title, title))),
    );
  /** The addresses the network's message with this title was handed to in the member. */
  const deliveredTo = async (tenant: TenantRow, title: string) => {
    const ids = (await fromNetwork(tenant, title)).flatMap((c) => c.deliveryMessageIds);
    if (!ids.length) return [];
    const rows = await t.deps.db.withTenant(tenant.id, (tx) =>
      tx.select({ recipient: deliveries.recipient }).from(deliveries).where(inArray(deliveries.messageId, ids)),
    );
    return rows.map((d) => d.recipient).sort();
  };
  const sendMessage = (payload: object, s = approver) => t.as(s, { method: 'POST', url: `/api/v1/networks/${net.slug}/messages`, payload });

  beforeAll(async () => {
    await staffMember(t.deps, outside, 'kreis-freigabe@kreis.test', 'viewer');
    await setNetworkStaff(t.deps.db, net.slug, 'kreis-freigabe@kreis.test', 'approver');
    await staffMember(t.deps, outside, 'kreis-redaktion@kreis.test', 'viewer');
    await setNetworkStaff(t.deps.db, net.slug, 'kreis-redaktion@kreis.test', 'editor');
    approver = await t.login('kreis-freigabe@kreis.test');
  });

  it("reaches the residents of the chosen members only, and each member's message shows the network as its origin", async () => {
    const res = await sendMessage({ title: 'Kreistag tagt', body: 'Der **Kreistag** tagt am Montag.', channels: ['sms', 'portal'], tenants: [a.slug] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().results).toEqual([expect.objectContaining({ tenant: expect.objectContaining({ slug: a.slug }), outcome: 'sent', error: null })]);
    expect(await deliveredTo(a, 'Kreistag tagt')).toEqual(['+491705551001', '+491705551002']);
    expect(await fromNetwork(b, 'Kreistag tagt')).toEqual([]);
    expect(await fromNetwork(outside, 'Kreistag tagt')).toEqual([]);
    const [campaign] = await fromNetwork(a, 'Kreistag tagt');
    expect(campaign).toMatchObject({ status: 'sent', authorName: 'Landkreis Test', recipients: 2 });
    // the member's console shows the origin; its portal news names the network
    const owner = await t.login(`owner@${a.slug}.test`);
    const detail = (await t.as(owner, { method: 'GET', url: `/api/v1/tenants/${a.slug}/messages/${campaign.id}` })).json();
    expect(detail.originNetwork).toEqual({ id: net.id, name: 'Landkreis Test' });
    expect((await getNews(t.deps, a.id, campaign.id, 'de'))?.origin).toEqual({ networkName: 'Landkreis Test' });
  });

  it("is approved at network level: a member that requires a second person's approval still gets it at once", async () => {
    const ownerB = await t.login(`owner@${b.slug}.test`);
    const policy = await t.as(ownerB, { method: 'PATCH', url: `/api/v1/tenants/${b.slug}/message-settings`, payload: { approvalPolicy: { mode: 'all' } } });
    expect(policy.statusCode, policy.body).toBe(200);
    const res = await sendMessage({ title: 'Impftermine', body: 'Neue Termine im Gesundheitsamt.', channels: ['sms'] });
    expect(res.json().results.map((r: { tenant: { slug: string }; outcome: string }) => [r.tenant.slug, r.outcome])).toEqual([
      [a.slug, 'sent'],
      [b.slug, 'sent'],
    ]);
    const [campaign] = await fromNetwork(b, 'Impftermine');
    expect(campaign).toMatchObject({ status: 'sent', approvedBy: expect.any(String) });
    expect(await deliveredTo(b, 'Impftermine')).toEqual(['+491705551003']);
    // the member's audit log names the network staff member who approved it
    const audit = await t.deps.db.withTenant(b.id, (tx) => tx.select().from(auditLog).where(eq(auditLog.objectId, campaign.id)));
    expect(audit.map((e) => [e.action, e.actorEmail])).toContainEqual(['campaign.approved', 'kreis-freigabe@kreis.test']);
  });

  it('keeps a record of each send with what happened in every member', async () => {
    const sent = (await sendMessage({ title: 'Bürgersprechstunde', body: 'Der Landrat lädt ein.', channels: ['portal'], tenants: [b.slug] })).json();
    const sends = (await t.as(kreis, { method: 'GET', url: `/api/v1/networks/${net.slug}/sends` })).json().items;
    expect(sends.find((s: { id: string }) => s.id === sent.id)).toMatchObject({
      kind: 'message',
      title: 'Bürgersprechstunde',
      results: [{ tenant: { slug: b.slug, name: 'Bstadt' }, outcome: 'sent', id: expect.any(String), error: null }],
    });
  });

  it('refuses a municipality that is no member, before anything is sent', async () => {
    const res = await sendMessage({ title: 'Fremd', body: 'Text', channels: ['sms'], tenants: [a.slug, outside.slug] });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/body/tenants/1');
    expect(await fromNetwork(a, 'Fremd')).toEqual([]);
  });

  it('refuses empty texts with the field named', async () => {
    const res = await sendMessage({ title: '', body: 'Text', channels: ['sms'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/body/title');
  });

  it('network editors may not send (the sender approves)', async () => {
    const editor = await t.login('kreis-redaktion@kreis.test');
    const res = await sendMessage({ title: 'Ohne Freigabe', body: 'Text', channels: ['sms'] }, editor);
    expect(res.statusCode).toBe(403);
  });

  it('issues a warning in the chosen members only, each marked with the network as origin', async () => {
    const res = await t.as(approver, {
      method: 'POST',
      url: `/api/v1/networks/${net.slug}/warnings`,
      payload: { severity: 'severe', event: 'Hochwasser', headline: 'Hochwasser an der Kreisach', description: 'Pegel steigt.', tenants: [b.slug] },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().results).toEqual([expect.objectContaining({ outcome: 'sent' })]);
    const inB = await t.deps.db.withTenant(b.id, (tx) => tx.select().from(warnings).where(eq(warnings.originNetworkId, net.id)));
    expect(inB.map((w) => [w.headline, w.areaKind, w.recipients])).toEqual([['Hochwasser an der Kreisach', 'tenant', 1]]);
    const inA = await t.deps.db.withTenant(a.id, (tx) => tx.select().from(warnings));
    expect(inA).toEqual([]);
  });

  it('refuses a warning whose expiry is before its onset, with the field named', async () => {
    const res = await t.as(approver, {
      method: 'POST',
      url: `/api/v1/networks/${net.slug}/warnings`,
      payload: {
        severity: 'minor',
        event: 'Test',
        headline: 'Falsch',
        description: 'Falsch',
        onset: '2030-01-02T10:00:00+01:00',
        expiresAt: '2030-01-01T10:00:00+01:00',
      },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors[0].pointer).toMatch(/^\/body\/expiresAt/);
  });
});
