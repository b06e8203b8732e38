// The tenant API sends to an audience, never to raw addresses: only residents who follow this municipality with
// consent for the channel and topic are reached, each at most once per channel; test sends go to one's own address.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, OWNER_EMAIL, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { resident as newResident, pushDevice } from '../../../../test/helpers/factories.ts';
import { auditLog, deliveries, messages } from '../../platform/db/schema.ts';
import { withdrawConsent } from '../residents/index.ts';

let t: TestApp;
let owner: Session;
const ids: Record<string, string> = {};
const url = (path: string) => `/api/v1/tenants/musterstadt${path}`;

async function resident(label: string, phone: string, prefs: { topics: string[]; channels: string[] }, email?: string, tenant = t.tenant) {
  ids[label] = await newResident(t.deps, tenant, { phone, email, ...prefs });
}

/** A message written and sent at once (the municipality requires no approval): create the draft, then send it. */
async function send(payload: { subject?: string; text: string; audience: { topics?: string[]; channels: string[] } }, session = owner) {
  const created = await t.as(session, {
    method: 'POST',
    url: url('/messages'),
    payload: { title: payload.subject ?? 'Mitteilung', body: payload.text, audience: { topics: payload.audience.topics }, channels: payload.audience.channels },
  });
  if (created.statusCode !== 201) return created;
  return t.as(session, { method: 'POST', url: url(`/messages/${created.json().id}/send`) });
}
const create = (payload: object, session = owner) => t.as(session, { method: 'POST', url: url('/messages'), payload });
const recipientsOf = async (messageIds: string[]) =>
  (
    await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx.select({ channel: deliveries.channel, recipient: deliveries.recipient }).from(deliveries).where(inArray(deliveries.messageId, messageIds)),
    )
  )
    .map((d) => `${d.channel}:${d.recipient}`)
    .sort();
const messageCount = async () => (await t.deps.db.withTenant(t.tenant.id, (tx) => tx.select({ id: messages.id }).from(messages))).length;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.loginOwner();
  const other = await t.createTenant('andere-stadt', 'Andere Stadt');
  await resident('waste', '+491701100001', { topics: ['abfall'], channels: ['sms', 'email'] }, 'waste@example.org');
  await resident('traffic', '+491701100002', { topics: ['verkehr'], channels: ['sms'] });
  await resident('emailOnly', '+491701100003', { topics: ['abfall'], channels: ['email'] }, 'family@example.org');
  await resident('sameMailbox', '+491701100004', { topics: ['abfall'], channels: ['email'] }, 'family@example.org');
  await resident('withdrawn', '+491701100005', { topics: ['abfall'], channels: ['sms'] });
  await withdrawConsent(t.deps, t.tenant, ids.withdrawn, { method: 'portal', ipPrefix: null });
  await resident('neighbour', '+491701100006', { topics: ['abfall'], channels: ['sms'] }, undefined, other);
  // the owner registered on the portal with their sign-in address: their own number and device for test sends
  await resident('ownerSelf', '+491701100007', { topics: ['rathaus'], channels: ['sms'] }, OWNER_EMAIL);
  ids.ownerDevice = await pushDevice(t.deps, t.tenant, ids.ownerSelf, 'https://push.example/owner-phone');
  ids.foreignDevice = await pushDevice(t.deps, t.tenant, ids.waste, 'https://push.example/waste-phone');
});
afterAll(async () => {
  await t.close();
});

describe('sending a message to an audience', () => {
  it('reaches only followers with consent for the topic and the channel; never a withdrawn one or another town’s resident', async () => {
    const res = await send({ subject: 'Abfuhr', text: 'Die Biotonne wird am Montag geleert.', audience: { topics: ['abfall'], channels: ['sms'] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'sent', recipients: 1 });
    // not 'traffic' (no consent for abfall), not 'withdrawn', not 'neighbour' (follows another municipality), not e-mail-only
    expect(await recipientsOf(res.json().deliveryMessageIds)).toEqual(['sms:+491701100001']);
  });

  it('a follower without consent for a topic is not reached for that topic, but is for their own', async () => {
    const res = await send({ text: 'Baustelle in der Hauptstraße', audience: { topics: ['verkehr'], channels: ['sms', 'email'] } });
    expect(await recipientsOf(res.json().deliveryMessageIds)).toEqual(['sms:+491701100002']);
  });

  it('reaches each resident at most once per channel, and an address two residents share once', async () => {
    const res = await send({ text: 'Neuer Abfallkalender', audience: { topics: ['abfall'], channels: ['email', 'sms'] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await recipientsOf(res.json().deliveryMessageIds)).toEqual(['email:family@example.org', 'email:waste@example.org', 'sms:+491701100001']);
    expect(res.json()).toMatchObject({ recipients: 2 });
  });

  it('records the audience, the number of residents and the engine messages on the message’s audit entry', async () => {
    const res = await send({ text: 'Sperrmüll', audience: { topics: ['abfall'], channels: ['sms'] } });
    const [entry] = await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'campaign.sent'), eq(auditLog.objectId, res.json().id))),
    );
    expect(entry.details).toMatchObject({ recipients: 1, languages: { de: 1 }, messageIds: res.json().deliveryMessageIds });
    const [engine] = await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'message.sent'), eq(auditLog.objectId, res.json().deliveryMessageIds[0]))),
    );
    expect(engine.details).toMatchObject({ campaignId: res.json().id, language: 'de', sms: 1 });
  });

  it('a misspelt audience key is a 400 naming it, and nothing is sent', async () => {
    const before = await messageCount();
    const res = await create({ title: 'Nur Abfall', body: 'Nur Abfall', audience: { topic: ['abfall'] }, channels: ['sms'] });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().errors)).toContain('topic');
    expect(await messageCount()).toBe(before);
  });

  it('an unknown topic is a 400 naming it, and nothing is sent', async () => {
    const before = await messageCount();
    const res = await create({ title: 'Nur Abfall', body: 'Nur Abfall', audience: { topics: ['abfal'] }, channels: ['sms'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ pointer: '/body/audience/topics/0', code: 'not_found_here' })]);
    expect(await messageCount()).toBe(before);
  });

  it('a list of raw numbers or addresses is refused', async () => {
    const before = await messageCount();
    const res = await create({
      title: 'Hallo',
      body: 'Hallo',
      audience: {},
      channels: ['sms'],
      recipients: [{ sms: '+491709999999' }, { email: 'someone@example.org' }],
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().errors)).toContain('recipients');
    expect(await messageCount()).toBe(before);
  });

  it('an audience that reaches nobody is a 400, not an empty message', async () => {
    const res = await send({ text: 'Niemand', audience: { topics: ['veranstaltungen'], channels: ['sms'] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ pointer: '/body/audience', code: 'audience_empty' });
  });

  it('a viewer may not write or send', async () => {
    await t.createStaff(t.tenant, 'viewer@musterstadt.test', 'viewer');
    const viewer = await t.login('viewer@musterstadt.test');
    expect((await send({ text: 'x', audience: { channels: ['sms'] } }, viewer)).statusCode).toBe(403);
  });
});

describe('test sends go only to one’s own address', () => {
  const testSend = (payload: object) => t.as(owner, { method: 'POST', url: url('/test-send'), payload });

  it('lists the signed-in person’s own e-mail, number and devices', async () => {
    const res = await t.as(owner, { method: 'GET', url: url('/test-send/targets') });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ email: OWNER_EMAIL, sms: ['+491701100007'], push: [{ id: ids.ownerDevice }] });
  });

  it('reaches the own sign-in e-mail, own number and own device', async () => {
    for (const [channel, address] of [
      ['email', OWNER_EMAIL.toUpperCase()],
      ['sms', '0170 1100007'],
      ['push', ids.ownerDevice],
    ]) {
      const res = await testSend({ channel, address });
      expect(res.statusCode, `${channel}: ${res.body}`).toBe(202);
      expect(res.json().deliveries[channel]).toBe(1);
    }
  });

  it('refuses someone else’s number, address or device, and sends nothing', async () => {
    const before = await messageCount();
    for (const [channel, address, code] of [
      ['sms', '+491701100001', 'not_own_number'],
      ['email', 'waste@example.org', 'not_own_email'],
      ['push', ids.foreignDevice, 'not_own_device'],
    ]) {
      const res = await testSend({ channel, address });
      expect(res.statusCode, channel).toBe(403);
      expect(res.json().errors[0]).toMatchObject({ pointer: '/body/address', code });
    }
    expect(await messageCount()).toBe(before);
  });

  it('an invalid number is named as the address field', async () => {
    const res = await testSend({ channel: 'sms', address: 'abc' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/body/address');
  });

  it('an empty text is a 400 with a field error, not a 500', async () => {
    const res = await testSend({ channel: 'email', address: OWNER_EMAIL, text: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ pointer: '/body/text', code: 'required' });
  });
});
