// Staff messages: compose once (versions per channel and language), the approval workflow with the municipality's
// policy, scheduling, cancelling, corrections to the same residents, languages, templates and the portal's news.
import { and, eq, inArray } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localMinutes } from '../../../common/quiet-hours.ts';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { resident as newResident, newTenant } from '../../../../test/helpers/factories.ts';
import { nextMobile } from '../../../../test/helpers/phones.ts';
import { campaignAttachments, campaigns, deliveries, follows, messages, messageTemplates } from '../../platform/db/schema.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { addTenantToNetwork, createNetwork, findTenantById } from '../tenants/index.ts';
import { getNews, listNews, scheduledSendJob } from './index.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** A municipality of its own with an editor, a second editor and an approver signed in. */
async function town() {
  const tenant = await newTenant(t.deps);
  const url = (path: string) => `/api/v1/tenants/${tenant.slug}${path}`;
  const session = async (role: 'editor' | 'approver' | 'viewer' | 'owner', name = role) => {
    const email = `${name}@${tenant.slug}.test`;
    await t.createStaff(tenant, email, role);
    return t.login(email);
  };
  const owner = await t.login(`owner@${tenant.slug}.test`);
  const editor = await session('editor');
  const approver = await session('approver');
  const call = (s: Session, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: object) =>
    t.as(s, { method, url: url(path), ...(payload ? { payload } : {}) });
  const addResident = async (opts: { topics?: string[]; channels?: string[]; language?: 'de' | 'en'; email?: string } = {}) => {
    const id = await newResident(t.deps, tenant, {
      phone: nextMobile(),
      topics: opts.topics ?? ['abfall'],
      channels: opts.channels ?? ['sms'],
      email: opts.email,
    });
    if (opts.language) await t.deps.db.withTenant(tenant.id, (tx) => tx.update(follows).set({ language: opts.language! }).where(eq(follows.residentId, id)));
    return id;
  };
  const fresh = async () => (await findTenantById(t.deps.db, tenant.id)) as TenantRow;
  return { tenant, url, owner, editor, approver, session, call, addResident, fresh };
}

const draft = (extra: object = {}) => ({
  title: 'Biotonne',
  body: '# Abfuhr\n\nDie **Biotonne** wird am Montag geleert. [Kalender](https://example.org/k)\n\n<script>alert(1)</script>',
  topic: 'abfall',
  audience: {},
  channels: ['sms', 'portal'],
  ...extra,
});

/** Residents (ids) the deliveries of a message's engine sends went to. */
async function reachedResidents(tenantId: string, messageIds: string[]) {
  if (!messageIds.length) return [];
  const rows = await t.deps.db.withTenant(tenantId, (tx) =>
    tx.select({ residentId: deliveries.residentId }).from(deliveries).where(inArray(deliveries.messageId, messageIds)),
  );
  return [...new Set(rows.map((r) => r.residentId))].sort();
}

describe('composing a message', () => {
  it('a draft gets a version per channel and language: SMS with the permalink, safe HTML for e-mail and portal', async () => {
    const w = await town();
    await w.call(w.owner, 'PATCH', '/message-settings', { languages: ['de', 'en'] });
    const res = await w.call(
      w.editor,
      'POST',
      '/messages',
      draft({
        channels: ['sms', 'email', 'push', 'portal'],
        translations: [{ language: 'en', title: 'Organic bin', body: 'The **organic bin** is emptied on Monday.' }],
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json();
    expect(m).toMatchObject({ status: 'draft', title: 'Biotonne', author: { name: 'editor' }, channels: ['sms', 'email', 'push', 'portal'] });
    expect(m.versions).toHaveLength(8);
    const sms = m.versions.find((v: { language: string; channel: string }) => v.language === 'de' && v.channel === 'sms');
    expect(sms.text).toContain(`/m/${w.tenant.slug}/news/${m.id}`);
    expect(sms.text).toContain('Die Biotonne wird am Montag geleert.');
    expect(sms.sms.parts).toBeGreaterThanOrEqual(1);
    const portal = m.versions.find((v: { language: string; channel: string }) => v.language === 'en' && v.channel === 'portal');
    expect(portal.html).toContain('<strong>organic bin</strong>');
    const email = m.versions.find((v: { language: string; channel: string }) => v.language === 'de' && v.channel === 'email');
    expect(email.html).toContain('<a href="https://example.org/k"');
    expect(email.html).not.toContain('<script>');
  });

  it('a hand-edited version is kept; the others follow the body', async () => {
    const w = await town();
    const created = (await w.call(w.editor, 'POST', '/messages', draft({ versions: [{ language: 'de', channel: 'sms', text: 'Biotonne Montag.' }] }))).json();
    const res = await w.call(w.editor, 'PATCH', `/messages/${created.id}`, { body: 'Die Biotonne wird am Dienstag geleert.' });
    expect(res.statusCode, res.body).toBe(200);
    const versions = res.json().versions;
    expect(versions.find((v: { channel: string }) => v.channel === 'sms')).toMatchObject({ text: 'Biotonne Montag.', edited: true });
    expect(versions.find((v: { channel: string }) => v.channel === 'portal').html).toContain('Dienstag');
  });

  it('an SMS version over the municipality’s part limit is refused at the field', async () => {
    const w = await town();
    await w.call(w.owner, 'PATCH', '/message-settings', { smsMaxParts: 1 });
    const res = await w.call(w.editor, 'POST', '/messages', draft({ versions: [{ language: 'de', channel: 'sms', text: 'x'.repeat(200) }] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ pointer: '/body/versions/0/text', code: 'sms_too_long', params: { parts: 2, maximum: 1 } });
  });

  it('a derived SMS is shortened to fit the part limit', async () => {
    const w = await town();
    await w.call(w.owner, 'PATCH', '/message-settings', { smsMaxParts: 2 });
    const res = await w.call(w.editor, 'POST', '/messages', draft({ body: 'Wort '.repeat(400) }));
    const sms = res.json().versions.find((v: { channel: string }) => v.channel === 'sms');
    expect(sms.sms.parts).toBeLessThanOrEqual(2);
    expect(sms.text).toContain('…');
  });

  it('a translation needs the language enabled for the municipality', async () => {
    const w = await town();
    const body = draft({ translations: [{ language: 'uk', title: 'Біо', body: 'Текст' }] });
    const refused = await w.call(w.editor, 'POST', '/messages', body);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ pointer: '/body/translations/0/language', code: 'not_enabled' });
    await w.call(w.owner, 'PATCH', '/message-settings', { languages: ['uk'] });
    expect((await w.call(w.owner, 'GET', '/message-settings')).json().languages).toEqual(['de', 'uk']);
    expect((await w.call(w.editor, 'POST', '/messages', body)).statusCode).toBe(201);
  });

  it('strict schemas: an unknown field, a misspelt audience key, raw recipients or an empty title are 400s naming the field', async () => {
    const w = await town();
    for (const [payload, pointer] of [
      [draft({ recipients: [{ sms: '+491709999999' }] }), 'recipients'],
      [draft({ audience: { topic: ['abfall'] } }), 'topic'],
      [draft({ title: '' }), '/body/title'],
      [draft({ channels: [] }), '/body/channels'],
      [draft({ topic: 'abfal' }), '/body/topic'],
    ] as const) {
      const res = await w.call(w.editor, 'POST', '/messages', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(JSON.stringify(res.json().errors)).toContain(pointer);
    }
  });

  it('the preview counts residents per channel and language and the cost, and says whether approval is needed', async () => {
    const w = await town();
    await w.call(w.owner, 'PATCH', '/message-settings', { languages: ['de', 'en'], approvalPolicy: { mode: 'threshold', minRecipients: 2 } });
    await w.addResident();
    await w.addResident({ language: 'en' });
    await w.addResident({ topics: ['verkehr'] });
    const res = await w.call(w.editor, 'POST', '/messages/preview', draft({ translations: [{ language: 'en', title: 'Bin', body: 'Monday.' }] }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ recipients: 2, byChannel: { sms: 2 }, byLanguage: { de: 1, en: 1 }, needsApproval: true, smsMaxParts: 3 });
  });

  it('a viewer may read but not write', async () => {
    const w = await town();
    const viewer = await w.session('viewer');
    expect((await w.call(viewer, 'POST', '/messages', draft())).statusCode).toBe(403);
    expect((await w.call(viewer, 'GET', '/messages')).statusCode).toBe(200);
  });
});

describe('the workflow', () => {
  it('with no approval required, an editor sends a draft directly, and every transition is audited', async () => {
    const w = await town();
    const a = await w.addResident();
    const m = (await w.call(w.editor, 'POST', '/messages', draft())).json();
    const res = await w.call(w.editor, 'POST', `/messages/${m.id}/send`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'sent', recipients: 1 });
    expect(await reachedResidents(w.tenant.id, res.json().deliveryMessageIds)).toEqual([a]);
    expect(res.json().history.map((h: { action: string }) => h.action)).toEqual(['campaign.created', 'campaign.sending', 'campaign.sent']);
  });

  it('with approval for all, a second person approves; nobody approves their own message', async () => {
    const w = await town();
    await w.call(w.owner, 'PATCH', '/message-settings', { approvalPolicy: { mode: 'all' } });
    await w.addResident();
    const m = (await w.call(w.approver, 'POST', '/messages', draft())).json();
    const direct = await w.call(w.approver, 'POST', `/messages/${m.id}/send`);
    expect(direct.statusCode).toBe(409);
    expect(direct.json().errors[0].code).toBe('approval_required');
    expect((await w.call(w.approver, 'POST', `/messages/${m.id}/submit`)).json().status).toBe('in_review');
    // the approver wrote it: they may not approve it
    const own = await w.call(w.approver, 'POST', `/messages/${m.id}/approve`);
    expect(own.statusCode).toBe(409);
    expect(own.json().errors[0].code).toBe('own_message');
    expect((await w.call(w.approver, 'GET', `/messages/${m.id}`)).json().can).toMatchObject({ approve: false, approveBlockedBy: 'own_message' });
    // an editor holds no approval right
    expect((await w.call(w.editor, 'POST', `/messages/${m.id}/approve`)).statusCode).toBe(403);
    const approved = await w.call(w.owner, 'POST', `/messages/${m.id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', approvedBy: { name: 'owner' }, estimatedRecipients: 1 });
    const sent = await w.call(w.approver, 'POST', `/messages/${m.id}/send`);
    expect(sent.json().status).toBe('sent');
    expect(sent.json().history.map((h: { action: string }) => h.action)).toEqual([
      'campaign.created',
      'campaign.submitted',
      'campaign.approved',
      'campaign.sending',
      'campaign.sent',
    ]);
  });

  it('with a threshold, a small send goes directly and a large one needs approval', async () => {
    const w = await town();
    await w.call(w.owner, 'PATCH', '/message-settings', { approvalPolicy: { mode: 'threshold', minRecipients: 2 } });
    await w.addResident();
    await w.addResident({ topics: ['verkehr'] });
    const small = (await w.call(w.editor, 'POST', '/messages', draft())).json();
    expect(small.can).toMatchObject({ needsApproval: false, send: true });
    expect((await w.call(w.editor, 'POST', `/messages/${small.id}/send`)).json().status).toBe('sent');
    const large = (await w.call(w.editor, 'POST', '/messages', draft({ topic: null }))).json();
    expect(large.estimatedRecipients).toBe(2);
    const refused = await w.call(w.editor, 'POST', `/messages/${large.id}/send`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors[0].code).toBe('approval_required');
  });

  it('a threshold without a limit is refused', async () => {
    const w = await town();
    const res = await w.call(w.owner, 'PATCH', '/message-settings', { approvalPolicy: { mode: 'threshold' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/body/approvalPolicy/minRecipients');
  });

  it('a rejected message carries the reason and can be edited and submitted again; one in review cannot be edited', async () => {
    const w = await town();
    const m = (await w.call(w.editor, 'POST', '/messages', draft())).json();
    await w.call(w.editor, 'POST', `/messages/${m.id}/submit`);
    expect((await w.call(w.editor, 'PATCH', `/messages/${m.id}`, { title: 'Neu' })).statusCode).toBe(409);
    expect((await w.call(w.approver, 'POST', `/messages/${m.id}/reject`, { reason: '' })).statusCode).toBe(400);
    const rejected = await w.call(w.approver, 'POST', `/messages/${m.id}/reject`, { reason: 'Datum fehlt' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', rejectionReason: 'Datum fehlt' });
    expect((await w.call(w.editor, 'PATCH', `/messages/${m.id}`, { title: 'Neu' })).json().title).toBe('Neu');
    expect((await w.call(w.editor, 'POST', `/messages/${m.id}/submit`)).json()).toMatchObject({ status: 'in_review', rejectionReason: null });
  });

  it('an audience that reaches nobody is a 400, and the message stays a draft', async () => {
    const w = await town();
    const m = (await w.call(w.editor, 'POST', '/messages', draft({ topic: 'veranstaltungen', channels: ['sms'] }))).json();
    const res = await w.call(w.editor, 'POST', `/messages/${m.id}/send`);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ pointer: '/body/audience', code: 'audience_empty' });
    expect((await w.call(w.editor, 'GET', `/messages/${m.id}`)).json().status).toBe('draft');
  });
});

describe('scheduling', () => {
  it('schedules an approved message, refuses a time in the past, and cancels only while scheduled', async () => {
    const w = await town();
    await w.addResident();
    const m = (await w.call(w.editor, 'POST', '/messages', draft())).json();
    expect((await w.call(w.editor, 'POST', `/messages/${m.id}/cancel`)).statusCode).toBe(409);
    const past = await w.call(w.editor, 'POST', `/messages/${m.id}/schedule`, { at: new Date(Date.now() - 60_000).toISOString() });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0].pointer).toBe('/body/at');
    const at = new Date(Date.now() + 3600_000).toISOString();
    const scheduled = await w.call(w.editor, 'POST', `/messages/${m.id}/schedule`, { at });
    expect(scheduled.json()).toMatchObject({ status: 'scheduled', scheduledAt: at });
    const cancelled = await w.call(w.editor, 'POST', `/messages/${m.id}/cancel`);
    expect(cancelled.json().status).toBe('cancelled');
    expect((await w.call(w.editor, 'POST', `/messages/${m.id}/cancel`)).statusCode).toBe(409);
    expect((await w.call(w.editor, 'POST', `/messages/${m.id}/send`)).statusCode).toBe(409);
  });

  it('the scheduled-send job sends when due, and leaves a cancelled or not yet due message alone', async () => {
    const w = await town();
    const a = await w.addResident();
    const m = (await w.call(w.editor, 'POST', '/messages', draft())).json();
    await w.call(w.editor, 'POST', `/messages/${m.id}/schedule`, { at: new Date(Date.now() + 3600_000).toISOString() });
    const run = () => scheduledSendJob.handle({ tenantId: w.tenant.id, campaignId: m.id }, { ...t.deps, jobId: 'test' });
    await run(); // not due yet
    expect((await w.call(w.editor, 'GET', `/messages/${m.id}`)).json().status).toBe('scheduled');
    await t.deps.db.withTenant(w.tenant.id, (tx) =>
      tx
        .update(campaigns)
        .set({ scheduledAt: new Date(Date.now() - 1000) })
        .where(eq(campaigns.id, m.id)),
    );
    await run();
    const sent = (await w.call(w.editor, 'GET', `/messages/${m.id}`)).json();
    expect(sent.status).toBe('sent');
    expect(await reachedResidents(w.tenant.id, sent.deliveryMessageIds)).toEqual([a]);
    await run(); // a second run sends nothing twice
    expect((await w.call(w.editor, 'GET', `/messages/${m.id}`)).json().deliveryMessageIds).toEqual(sent.deliveryMessageIds);

    const other = (await w.call(w.editor, 'POST', '/messages', draft())).json();
    await w.call(w.editor, 'POST', `/messages/${other.id}/schedule`, { at: new Date(Date.now() + 3600_000).toISOString() });
    await w.call(w.editor, 'POST', `/messages/${other.id}/cancel`);
    await scheduledSendJob.handle({ tenantId: w.tenant.id, campaignId: other.id }, { ...t.deps, jobId: 'test' });
    expect((await w.call(w.editor, 'GET', `/messages/${other.id}`)).json()).toMatchObject({ status: 'cancelled', deliveryMessageIds: [] });
  });
});

describe('corrections and languages', () => {
  it('a correction is a new draft linked to the original and reaches the same residents, not later followers', async () => {
    const w = await town();
    const a = await w.addResident();
    const b = await w.addResident();
    const original = (await w.call(w.editor, 'POST', '/messages', draft())).json();
    expect((await w.call(w.editor, 'POST', `/messages/${original.id}/correction`)).statusCode).toBe(409); // not sent yet
    await w.call(w.editor, 'POST', `/messages/${original.id}/send`);
    await w.addResident(); // follows after the original went out
    const correction = await w.call(w.editor, 'POST', `/messages/${original.id}/correction`);
    expect(correction.statusCode, correction.body).toBe(201);
    expect(correction.json()).toMatchObject({ status: 'draft', correctionOf: original.id, title: 'Korrektur: Biotonne' });
    const sent = (await w.call(w.editor, 'POST', `/messages/${correction.json().id}/send`)).json();
    expect(sent.recipients).toBe(2);
    expect(await reachedResidents(w.tenant.id, sent.deliveryMessageIds)).toEqual([a, b].sort());
  });

  it('a resident reading English gets the English version, the others German', async () => {
    const w = await town();
    await w.call(w.owner, 'PATCH', '/message-settings', { languages: ['de', 'en'] });
    const de = await w.addResident();
    const en = await w.addResident({ language: 'en' });
    const m = (
      await w.call(
        w.editor,
        'POST',
        '/messages',
        draft({ channels: ['sms'], translations: [{ language: 'en', title: 'Organic bin', body: 'Emptied on Monday.' }] }),
      )
    ).json();
    const sent = (await w.call(w.editor, 'POST', `/messages/${m.id}/send`)).json();
    expect(sent.deliveryMessageIds).toHaveLength(2);
    const rows = await t.deps.db.withTenant(w.tenant.id, (tx) =>
      tx
        .select({ residentId: deliveries.residentId, smsText: messages.smsText })
        .from(deliveries)
        .innerJoin(messages, and(eq(messages.id, deliveries.messageId), eq(messages.tenantId, deliveries.tenantId)))
        .where(inArray(deliveries.messageId, sent.deliveryMessageIds)),
    );
    expect(rows.find((r) => r.residentId === en)?.smsText).toContain('Organic bin');
    expect(rows.find((r) => r.residentId === de)?.smsText).toContain('Biotonne');
  });
});

describe('list, news and templates', () => {
  it('lists messages with filters by status, author and title, with reach and cost', async () => {
    const w = await town();
    await w.addResident();
    const one = (await w.call(w.editor, 'POST', '/messages', draft({ title: 'Sperrmüll im Mai' }))).json();
    await w.call(w.approver, 'POST', '/messages', draft({ title: 'Straßenfest' }));
    await w.call(w.editor, 'POST', `/messages/${one.id}/send`);
    const all = (await w.call(w.editor, 'GET', '/messages')).json();
    expect(all.total).toBe(2);
    const sent = (await w.call(w.editor, 'GET', '/messages?status=sent')).json();
    expect(sent.items).toEqual([expect.objectContaining({ id: one.id, recipients: 1, delivered: expect.any(Number), costCents: expect.any(Number) })]);
    expect((await w.call(w.editor, 'GET', '/messages?q=stra%C3%9Fen')).json().items.map((i: { title: string }) => i.title)).toEqual(['Straßenfest']);
    expect((await w.call(w.editor, 'GET', `/messages?author=${one.author.id}`)).json().total).toBe(1);
    expect((await w.call(w.editor, 'GET', '/messages?status=nope')).statusCode).toBe(400);
  });

  it('the portal news shows sent messages with the portal channel, in the reader’s language or German', async () => {
    const w = await town();
    await w.call(w.owner, 'PATCH', '/message-settings', { languages: ['de', 'en'] });
    const m = (
      await w.call(w.editor, 'POST', '/messages', draft({ channels: ['portal'], translations: [{ language: 'en', title: 'Organic bin', body: 'Monday.' }] }))
    ).json();
    const smsOnly = (await w.call(w.editor, 'POST', '/messages', draft({ channels: ['sms'] }))).json();
    await w.addResident();
    await w.call(w.editor, 'POST', `/messages/${smsOnly.id}/send`);
    expect((await listNews(t.deps, w.tenant.id, { page: 1, pageSize: 10, lang: 'de' })).total).toBe(0); // a draft is no news
    expect((await w.call(w.editor, 'POST', `/messages/${m.id}/send`)).json().status).toBe('sent');
    const news = await listNews(t.deps, w.tenant.id, { page: 1, pageSize: 10, lang: 'de' });
    expect(news.total).toBe(1);
    expect(news.items[0]).toMatchObject({ id: m.id, title: 'Biotonne', topic: { key: 'abfall', name: 'Abfall' }, origin: null });
    expect(news.items[0].html).toContain('<strong>Biotonne</strong>');
    expect(news.items[0].html).not.toContain('<script>');
    expect(await getNews(t.deps, w.tenant.id, m.id, 'en')).toMatchObject({ title: 'Organic bin', topic: { name: 'Waste' } });
    expect(await getNews(t.deps, w.tenant.id, m.id, 'tr')).toMatchObject({ title: 'Biotonne' });
    expect(await getNews(t.deps, w.tenant.id, smsOnly.id, 'de')).toBeNull();
    expect((await listNews(t.deps, w.tenant.id, { topic: 'verkehr', page: 1, pageSize: 10, lang: 'de' })).total).toBe(0);
  });

  it('templates: the municipality’s own are editable, its network’s are shown read-only', async () => {
    const w = await town();
    const created = await w.call(w.editor, 'POST', '/message-templates', { name: 'Abfuhr', title: 'Abfuhr', body: 'Die **Tonne**', topic: 'abfall' });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect((await w.call(w.editor, 'PATCH', `/message-templates/${id}`, { name: 'Abfuhr neu' })).json()).toMatchObject({ name: 'Abfuhr neu', version: 2 });
    const network = await createNetwork(t.deps.db, { slug: `kreis-${w.tenant.slug}`, name: 'Landkreis Test', kind: 'landkreis' });
    await addTenantToNetwork(t.deps.db, network.id, w.tenant.id);
    const [shared] = await t.deps.db.system.insert(messageTemplates).values({ networkId: network.id, name: 'Kreisweit', body: 'Hinweis' }).returning();
    const list = (await w.call(w.editor, 'GET', '/message-templates')).json().items;
    expect(list).toEqual([
      expect.objectContaining({ id, readOnly: false, network: null }),
      expect.objectContaining({ id: shared.id, readOnly: true, network: { id: network.id, name: 'Landkreis Test' } }),
    ]);
    expect((await w.call(w.editor, 'PATCH', `/message-templates/${shared.id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await w.call(w.editor, 'DELETE', `/message-templates/${shared.id}`)).statusCode).toBe(403);
    // another municipality sees neither
    const other = await town();
    expect((await other.call(other.editor, 'GET', '/message-templates')).json().items).toEqual([]);
    expect((await w.call(w.editor, 'DELETE', `/message-templates/${id}`)).statusCode).toBe(204);
  });
});

describe('watching it arrive', () => {
  it('progress counts the deliveries of every send of the message, as JSON and as server-sent events', async () => {
    const w = await town();
    await w.addResident();
    const m = (await w.call(w.editor, 'POST', '/messages', draft({ channels: ['sms'] }))).json();
    const before = (await w.call(w.editor, 'GET', `/messages/${m.id}/progress`)).json();
    expect(before).toMatchObject({ done: false, totals: { total: 0 } });
    await w.call(w.editor, 'POST', `/messages/${m.id}/send`);
    const res = await w.call(w.editor, 'GET', `/messages/${m.id}/progress`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ totals: { total: 1, queued: 1 }, channels: [expect.objectContaining({ channel: 'sms', total: 1 })] });
    const stream = await w.call(w.editor, 'GET', `/messages/${m.id}/progress/stream?maxEvents=1`);
    expect(stream.headers['content-type']).toContain('text/event-stream');
    expect(stream.body).toContain('event: progress');
    expect((await w.call(w.editor, 'GET', '/messages/00000000-0000-4000-8000-000000000001/progress')).statusCode).toBe(404);
  });

  it('a follow-up on e-mail reaches the residents the SMS did not reach', async () => {
    const w = await town();
    const a = await w.addResident({ channels: ['sms', 'email'], email: `a-${w.tenant.slug}@example.org` });
    const b = await w.addResident({ channels: ['sms', 'email'], email: `b-${w.tenant.slug}@example.org` });
    const m = (await w.call(w.editor, 'POST', '/messages', draft({ channels: ['sms'] }))).json();
    expect((await w.call(w.editor, 'POST', `/messages/${m.id}/follow-up`, { channel: 'email' })).statusCode).toBe(409); // not sent yet
    const sent = (await w.call(w.editor, 'POST', `/messages/${m.id}/send`)).json();
    await t.deps.db.withTenant(w.tenant.id, (tx) =>
      tx
        .update(deliveries)
        .set({ status: 'failed', lastError: 'unknown subscriber' })
        .where(and(inArray(deliveries.messageId, sent.deliveryMessageIds), eq(deliveries.residentId, a))),
    );
    const res = await w.call(w.editor, 'POST', `/messages/${m.id}/follow-up`, { channel: 'email' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ unreached: 1, recipients: 1 });
    const followed = await t.deps.db.withTenant(w.tenant.id, (tx) =>
      tx.select({ residentId: deliveries.residentId, channel: deliveries.channel }).from(deliveries).where(eq(deliveries.messageId, res.json().messageId)),
    );
    expect(followed).toEqual([{ residentId: a, channel: 'email' }]);
    expect(followed.some((d) => d.residentId === b)).toBe(false);
  });

  it('residents in their quiet hours are counted as waiting, and an urgent message does not wait', async () => {
    const w = await town();
    const quiet = await w.addResident();
    const now = Math.floor(localMinutes(new Date(), w.tenant.timeZone));
    await t.deps.db.withTenant(w.tenant.id, (tx) =>
      tx
        .update(follows)
        .set({ quietStart: (now + 1440 - 30) % 1440, quietEnd: (now + 30) % 1440 })
        .where(eq(follows.residentId, quiet)),
    );
    await w.addResident();
    expect((await w.call(w.editor, 'POST', '/messages/preview', draft())).json()).toMatchObject({ recipients: 2, waitingForQuietHours: 1 });
    expect((await w.call(w.editor, 'POST', '/messages/preview', draft({ urgent: true }))).json()).toMatchObject({ waitingForQuietHours: 0 });
    const held = async (urgent: boolean) => {
      const m = (await w.call(w.editor, 'POST', '/messages', draft({ urgent }))).json();
      const sent = (await w.call(w.editor, 'POST', `/messages/${m.id}/send`)).json();
      const rows = await t.deps.db.withTenant(w.tenant.id, (tx) =>
        tx
          .select({ residentId: deliveries.residentId, heldUntil: deliveries.heldUntil })
          .from(deliveries)
          .where(inArray(deliveries.messageId, sent.deliveryMessageIds)),
      );
      return rows.filter((r) => r.heldUntil).map((r) => r.residentId);
    };
    expect(await held(false)).toEqual([quiet]);
    expect(await held(true)).toEqual([]);
  });
});

describe('attachments', () => {
  const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

  it('takes images and PDFs by their bytes, serves them once the message is sent, and links them in the e-mail and the news', async () => {
    const w = await town();
    await w.addResident({ channels: ['sms', 'email'], email: `att-${w.tenant.slug}@example.org` });
    const m = (await w.call(w.editor, 'POST', '/messages', draft({ channels: ['email', 'portal'] }))).json();
    const disguised = await w.call(w.editor, 'POST', `/messages/${m.id}/attachments`, {
      filename: 'bild.png',
      data: Buffer.from('<html>nope</html>').toString('base64'),
    });
    expect(disguised.statusCode).toBe(400);
    expect(disguised.json().errors[0]).toMatchObject({ pointer: '/body/data', code: 'not_allowed' });
    const added = await w.call(w.editor, 'POST', `/messages/${m.id}/attachments`, { filename: 'plan.png', data: PNG });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ filename: 'plan.png', contentType: 'image/png' });
    const path = new URL(added.json().url).pathname;
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(404); // a draft's files are not public
    const sent = (await w.call(w.editor, 'POST', `/messages/${m.id}/send`)).json();
    expect(sent.attachments).toEqual([expect.objectContaining({ id: added.json().id })]);
    const file = await t.app.inject({ method: 'GET', url: path });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect((await sharp(file.rawPayload).metadata()).width).toBe(1);
    const [engine] = await t.deps.db.withTenant(w.tenant.id, (tx) => tx.select().from(messages).where(inArray(messages.id, sent.deliveryMessageIds)));
    expect(engine.text).toContain(added.json().url);
    expect(engine.html).toContain(added.json().url);
    expect((await getNews(t.deps, w.tenant.id, m.id, 'de'))?.html).toContain(added.json().url);
    // a sent message's files stay as they were
    expect((await w.call(w.editor, 'DELETE', `/messages/${m.id}/attachments/${added.json().id}`)).statusCode).toBe(409);
  });

  it('an image loses its metadata (camera, position, author) before anyone can download it', async () => {
    const w = await town();
    const m = (await w.call(w.editor, 'POST', '/messages', draft())).json();
    const photo = await sharp({ create: { width: 4, height: 4, channels: 3, background: 'red' } })
      .jpeg()
      .withExif({ IFD0: { Copyright: 'Geheime Position 52.52N' } })
      .toBuffer();
    expect(photo.includes('Geheime Position')).toBe(true);
    const added = await w.call(w.editor, 'POST', `/messages/${m.id}/attachments`, { filename: 'foto.jpg', data: photo.toString('base64') });
    expect(added.statusCode, added.body).toBe(201);
    const [stored] = await t.deps.db.withTenant(w.tenant.id, (tx) => tx.select().from(campaignAttachments).where(eq(campaignAttachments.id, added.json().id)));
    expect(Buffer.from(stored.data).includes('Geheime Position')).toBe(false);
    expect(stored.contentType).toBe('image/jpeg');
  });
});

describe('audiences by tag', () => {
  it('a message to a tag reaches only the residents staff gave that tag', async () => {
    const w = await town();
    const tagged = await w.addResident();
    await w.addResident();
    await t.deps.db.withTenant(w.tenant.id, (tx) =>
      tx
        .update(follows)
        .set({ tags: ['Seniorenbeirat'] })
        .where(eq(follows.residentId, tagged)),
    );
    const m = (await w.call(w.editor, 'POST', '/messages', draft({ topic: null, audience: { tags: ['Seniorenbeirat'] } }))).json();
    expect(m).toMatchObject({ estimatedRecipients: 1, audience: { tags: ['Seniorenbeirat'] } });
    const sent = (await w.call(w.editor, 'POST', `/messages/${m.id}/send`)).json();
    expect(await reachedResidents(w.tenant.id, sent.deliveryMessageIds)).toEqual([tagged]);
  });
});
