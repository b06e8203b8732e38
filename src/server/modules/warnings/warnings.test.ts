// Warnings reach everyone in their area on every channel they have, whatever their topics, ahead of every other
// message; an update, a cancel and an all-clear reach exactly the people the original reached; bad input is a 400
// that says where; the portal's banner shows a warning until it ends or expires.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { squareRing, TOWN } from '../../../../test/helpers/geo.ts';
import { area, newTenant, resident, testActor } from '../../../../test/helpers/factories.ts';
import { auditLog, deliveries, follows, messages, tenants } from '../../platform/db/schema.ts';
import { eraseResident } from '../residents/index.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { localMinutes, quietHoursEnd } from '../../../common/quiet-hours.ts';
import { allClearWarning, currentWarnings, issueWarning, seedDemoWarnings } from './index.ts';
import { recipientIds } from './warnings.repository.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

// the square town of test/helpers/geo.ts; this square covers its south-west quarter (and a little beyond)
const SOUTH_WEST: { type: 'Polygon'; coordinates: [number, number][][] } = {
  type: 'Polygon',
  coordinates: [
    [
      [9.999, 49.999],
      [10.01, 49.999],
      [10.01, 50.01],
      [9.999, 50.01],
      [9.999, 49.999],
    ],
  ],
};

interface Town {
  tenant: TenantRow;
  owner: Session;
  ids: Record<string, string>;
  url: (path?: string) => string;
}

async function town(): Promise<Town> {
  const tenant = await newTenant(t.deps);
  await area(t.deps, tenant, 'Stadtgebiet', TOWN);
  const owner = await t.login(`owner@${tenant.slug}.test`);
  const ids: Record<string, string> = {};
  const n = () => String(Math.floor(Math.random() * 9_000_000) + 1_000_000);
  // topics other than warnings: a warning reaches them all the same
  ids.southWest = await resident(t.deps, tenant, {
    phone: `+49170${n()}`,
    email: `sw-${n()}@example.org`,
    channels: ['sms', 'email'],
    topics: ['abfall'],
    lat: 50.005,
    lng: 10.005,
  });
  ids.northEast = await resident(t.deps, tenant, { phone: `+49170${n()}`, channels: ['sms'], topics: ['verkehr'], lat: 50.015, lng: 10.015 });
  ids.unplaced = await resident(t.deps, tenant, { phone: `+49170${n()}`, channels: ['sms'], topics: ['abfall'] });
  return { tenant, owner, ids, url: (path = '') => `/api/v1/tenants/${tenant.slug}/warnings${path}` };
}

const base = {
  severity: 'severe',
  event: 'Hochwasser',
  headline: 'Hochwasser an der Mühlbach-Aue',
  description: 'Der Pegel steigt weiter.',
  instruction: 'Räumen Sie Keller und meiden Sie das Ufer.',
  area: { kind: 'tenant' },
} as const;

const issue = (town: Town, body: object = {}) => t.as(town.owner, { method: 'POST', url: town.url(), payload: { ...base, ...body } });

async function deliveriesOf(town: Town, messageIds: string[]) {
  if (!messageIds.length) return [];
  return t.deps.db.withTenant(town.tenant.id, (tx) =>
    tx
      .select({ channel: deliveries.channel, recipient: deliveries.recipient, priority: deliveries.priority, kind: messages.kind, smsText: messages.smsText })
      .from(deliveries)
      .innerJoin(messages, eq(messages.id, deliveries.messageId))
      .where(sql`${deliveries.messageId} = any(${sql.param(messageIds)}::uuid[])`),
  );
}

describe('issuing a warning', () => {
  let m: Town;
  beforeAll(async () => {
    m = await town();
  });

  it('reaches everyone in the municipality on every channel they have, whatever their topics, as a warning', async () => {
    const res = await issue(m);
    expect(res.statusCode, res.body).toBe(201);
    const w = res.json();
    expect(w).toMatchObject({ msgType: 'alert', status: 'actual', version: 1, recipients: 3, allClear: false });
    expect(w.capIdentifier).toBe(`urn:civicast:${m.tenant.slug}:${w.id}`);
    expect(w.capUrl).toMatch(new RegExp(`/m/${m.tenant.slug}/alerts/${w.id}\\.cap\\.xml$`));
    const sent = await deliveriesOf(m, w.messageIds);
    expect(sent.map((d) => d.channel).sort()).toEqual(['email', 'sms', 'sms', 'sms']);
    expect(sent.every((d) => d.kind === 'warning' && d.priority > 0)).toBe(true);
  });

  it('a drawn area reaches only the residents placed inside it', async () => {
    const res = await issue(m, { area: { kind: 'polygon', polygon: SOUTH_WEST, description: 'Mühlbach-Aue' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ recipients: 1, area: { kind: 'polygon', description: 'Mühlbach-Aue' } });
    const sent = await deliveriesOf(m, res.json().messageIds);
    expect(sent.map((d) => d.channel).sort()).toEqual(['email', 'sms']);
  });

  it('an exercise says so first in the SMS, e-mail and push texts', async () => {
    const res = await issue(m, { status: 'exercise' });
    expect(res.statusCode, res.body).toBe(201);
    const sent = await deliveriesOf(m, res.json().messageIds);
    expect(sent[0].smsText).toMatch(/^ÜBUNG – Gefahr: Hochwasser an der Mühlbach-Aue/);
    const [message] = await t.deps.db.withTenant(m.tenant.id, (tx) => tx.select().from(messages).where(eq(messages.id, res.json().messageIds[0])));
    expect(message.subject).toMatch(/^ÜBUNG/);
    expect(message.text).toMatch(/^ÜBUNG/);
  });

  it('another municipality’s warning is not found, and cannot be updated, cancelled or cleared, under one’s own path', async () => {
    const mine = (await issue(m)).json();
    const other = await town();
    for (const [method, path, payload] of [
      ['GET', '', undefined],
      ['POST', '/update', { headline: 'Fremd' }],
      ['POST', '/cancel', {}],
      ['POST', '/all-clear', {}],
    ] as const) {
      const res = await t.as(other.owner, { method, url: other.url(`/${mine.id}${path}`), payload });
      expect(res.statusCode, `${method} ${path}`).toBe(404);
    }
    const cap = await t.app.inject({ method: 'GET', url: `/m/${other.tenant.slug}/alerts/${mine.id}.cap.xml` });
    expect(cap.statusCode).toBe(404);
  });

  it('a resident who reads English gets the English version; everyone else the German one', async () => {
    const own = await town();
    await t.deps.db.withTenant(own.tenant.id, (tx) => tx.update(follows).set({ language: 'en' }).where(eq(follows.residentId, own.ids.northEast)));
    const english = { event: 'Flood', headline: 'Flooding at the Mühlbach meadows', description: 'The water keeps rising.', instruction: 'Clear your cellar.' };
    const res = await issue(own, { languages: { en: english } });
    expect(res.statusCode, res.body).toBe(201);
    const sent = await deliveriesOf(own, res.json().messageIds);
    const texts = sent.filter((d) => d.channel === 'sms').map((d) => d.smsText ?? '');
    expect(texts.filter((x) => x.startsWith('Danger: Flooding at the Mühlbach meadows'))).toHaveLength(1);
    expect(texts.filter((x) => x.startsWith('Gefahr: Hochwasser an der Mühlbach-Aue'))).toHaveLength(2);
  });

  it('a viewer may read warnings but not issue one', async () => {
    await issue(m);
    const viewer = await t.staffSession('viewer', m.tenant);
    expect((await t.as(viewer, { method: 'POST', url: m.url(), payload: base })).statusCode).toBe(403);
    const list = await t.as(viewer, { method: 'GET', url: m.url() });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBeGreaterThan(0);
  });
});

describe('refused warnings say why, and nothing is sent', () => {
  let m: Town;
  beforeAll(async () => {
    m = await town();
  });
  const refused = async (body: object) => {
    const res = await issue(m, body);
    expect(res.statusCode, res.body).toBe(400);
    return res.json().errors[0];
  };

  it('an expiry before the onset', async () => {
    const error = await refused({ onset: '2099-01-02T10:00:00+01:00', expiresAt: '2099-01-02T09:00:00+01:00' });
    expect(error).toMatchObject({ pointer: '/body/expiresAt', code: 'expires_before_onset' });
  });

  it('an expiry in the past', async () => {
    expect(await refused({ expiresAt: '2020-01-01T00:00:00+01:00' })).toMatchObject({ pointer: '/body/expiresAt', code: 'not_in_future' });
  });

  it('an empty headline', async () => {
    expect((await refused({ headline: '  ' })).pointer).toBe('/body/headline');
  });

  it('a polygon that does not close', async () => {
    const open = { type: 'Polygon', coordinates: [squareRing(0.001, 0.005).slice(0, -1)] }; // the ring without its closing point
    const error = await refused({ area: { kind: 'polygon', polygon: open } });
    expect(error).toMatchObject({ pointer: '/body/area/polygon/coordinates/0/3', code: 'polygon_open' });
  });

  it('a polygon outside the municipality', async () => {
    const far = { type: 'Polygon', coordinates: [squareRing(1, 1.01)] }; // a square around (51, 11)
    const error = await refused({ area: { kind: 'polygon', polygon: far } });
    expect(error).toMatchObject({ pointer: '/body/area/polygon/coordinates/0/0', code: 'outside_tenant' });
  });

  it('a polygon of more than 1000 points', async () => {
    const ring = Array.from({ length: 1200 }, (_, i) => {
      const a = (2 * Math.PI * i) / 1200;
      return [10.01 + 0.005 * Math.cos(a), 50.01 + 0.005 * Math.sin(a)];
    });
    const error = await refused({ area: { kind: 'polygon', polygon: { type: 'Polygon', coordinates: [[...ring, ring[0]]] } } });
    expect(error).toMatchObject({ pointer: '/body/area/polygon/coordinates/0', code: 'too_many_points' });
  });

  it('an unknown street', async () => {
    const error = await refused({ area: { kind: 'streets', streetIds: ['00000000-0000-4000-8000-000000000001'] } });
    expect(error.pointer).toMatch(/^\/body\/area\/streetIds/);
  });

  it('nothing of the refused warnings was written', async () => {
    const list = await t.as(m.owner, { method: 'GET', url: m.url() });
    expect(list.json().items).toEqual([]);
  });
});

describe('update, cancel and all-clear reach the people of the original', { shuffle: false }, () => {
  let m: Town;
  let original: { id: string; chainId: string; messageIds: string[] };
  let newcomer: string;
  beforeAll(async () => {
    m = await town();
    const res = await issue(m, { area: { kind: 'polygon', polygon: SOUTH_WEST } });
    original = res.json();
    // moves into the area after the warning went out: the update does not reach them (they never got the original)
    newcomer = await resident(t.deps, m.tenant, { phone: '+491709876543', channels: ['sms'], topics: ['abfall'], lat: 50.004, lng: 10.004 });
  });

  it("the original reached the one resident in the area, and its deliveries name them for the chain's later versions", async () => {
    const named = await t.deps.db.withTenant(m.tenant.id, (tx) => recipientIds(tx, original.chainId));
    expect(named).toEqual([m.ids.southWest]);
  });

  it('an update refers to the original and reaches the same resident', async () => {
    const res = await t.as(m.owner, { method: 'POST', url: m.url(`/${original.id}/update`), payload: { severity: 'extreme', headline: 'Hochwasser steigt' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      msgType: 'update',
      version: 2,
      chainId: original.id,
      severity: 'extreme',
      headline: 'Hochwasser steigt',
      recipients: 1,
    });
    const sent = await deliveriesOf(m, res.json().messageIds);
    expect(sent.map((d) => d.channel).sort()).toEqual(['email', 'sms']);
    expect(sent.some((d) => d.recipient === '+491709876543')).toBe(false);
    expect(newcomer).toBeTruthy();
  });

  it('the all-clear ends it: it is no longer current, and reaches the same resident', async () => {
    const res = await t.as(m.owner, { method: 'POST', url: m.url(`/${original.id}/all-clear`), payload: {} });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ msgType: 'update', allClear: true, version: 3, recipients: 1, headline: 'Entwarnung: Hochwasser' });
    expect(await currentWarnings(t.deps, m.tenant.id)).toEqual([]);
    const detail = await t.as(m.owner, { method: 'GET', url: m.url(`/${original.id}`) });
    expect(detail.json().warning.state).toBe('ended');
    expect(detail.json().versions.map((v: { version: number }) => v.version)).toEqual([1, 2, 3]);
    expect(detail.json().versions[0].progress.total).toBe(2);
  });

  it('an ended warning cannot be updated or cancelled', async () => {
    const res = await t.as(m.owner, { method: 'POST', url: m.url(`/${original.id}/cancel`), payload: {} });
    expect(res.statusCode).toBe(409);
  });

  it('every version is in the audit log, written in the same statement as the version, and so is each of its messages', async () => {
    const entries = await t.deps.db.withTenant(m.tenant.id, (tx) =>
      tx
        .select({ action: auditLog.action, objectId: auditLog.objectId, details: auditLog.details, actorEmail: auditLog.actorEmail })
        .from(auditLog)
        .where(sql`${auditLog.action} like 'warning.%' or ${auditLog.action} = 'message.sent'`)
        .orderBy(auditLog.at),
    );
    const versions = (await t.as(m.owner, { method: 'GET', url: m.url(`/${original.id}`) })).json().versions as Array<{ id: string; messageIds: string[] }>;
    const of = (id: string) => entries.filter((e) => e.objectId === id).map((e) => e.action);
    expect(of(versions[0].id)).toEqual(['warning.issued']);
    expect(of(versions[1].id)).toEqual(['warning.updated']);
    expect(of(versions[2].id)).toEqual(['warning.all-clear']);
    expect(entries.find((e) => e.objectId === versions[1].id)?.details).toMatchObject({ chainId: original.id, version: 2 });
    for (const v of versions) for (const id of v.messageIds) expect(of(id)).toEqual(['message.sent']);
    expect(entries.every((e) => e.actorEmail === 'owner@' + m.tenant.slug + '.test')).toBe(true);
  });
});

describe('a resident erased after the original', () => {
  it('is named by none of its deliveries, and the update reaches nobody', async () => {
    const m = await town();
    const res = await issue(m, { area: { kind: 'polygon', polygon: SOUTH_WEST } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().recipients).toBe(1);
    await eraseResident(t.deps, m.ids.southWest);
    expect(await t.deps.db.withTenant(m.tenant.id, (tx) => recipientIds(tx, res.json().chainId))).toEqual([]);
    const update = await t.as(m.owner, { method: 'POST', url: m.url(`/${res.json().id}/update`), payload: { headline: 'Hochwasser steigt' } });
    expect(update.statusCode, update.body).toBe(201);
    expect(update.json().recipients).toBe(0);
    expect(await deliveriesOf(m, update.json().messageIds)).toEqual([]);
  });
});

describe('quiet hours and one transaction per version', () => {
  let m: Town;
  beforeAll(async () => {
    m = await town();
    // the south-west resident is inside their quiet hours: started 5 minutes ago, ending in 30
    const now = Math.floor(localMinutes(new Date(), m.tenant.timeZone));
    await t.deps.db.system
      .update(follows)
      .set({ quietStart: (now - 5 + 1440) % 1440, quietEnd: (now + 30) % 1440 })
      .where(sql`${follows.tenantId} = ${m.tenant.id} and ${follows.residentId} = ${m.ids.southWest}`);
  });
  const heldOf = async (messageIds: string[]) =>
    t.deps.db.withTenant(m.tenant.id, (tx) =>
      tx
        .select({ residentId: deliveries.residentId, heldUntil: deliveries.heldUntil })
        .from(deliveries)
        .where(sql`${deliveries.messageId} = any(${sql.param(messageIds)}::uuid[])`),
    );

  it('a warning passes quiet hours by the default policy, and waits for their end when the municipality says so', async () => {
    const passing = await issue(m);
    expect(passing.statusCode, passing.body).toBe(201);
    expect((await heldOf(passing.json().messageIds)).every((d) => d.heldUntil === null)).toBe(true);

    await t.deps.db.system
      .update(tenants)
      .set({ warningPolicy: { ignoreQuietHours: false, ignoreTopics: true } })
      .where(eq(tenants.id, m.tenant.id));
    const waiting = await issue(m);
    expect(waiting.statusCode, waiting.body).toBe(201);
    const rows = await heldOf(waiting.json().messageIds);
    const [start, end] = await t.deps.db.system
      .select({ start: follows.quietStart, end: follows.quietEnd })
      .from(follows)
      .where(sql`${follows.residentId} = ${m.ids.southWest}`)
      .then(([f]) => [f.start, f.end]);
    const sleeper = rows.filter((d) => d.residentId === m.ids.southWest);
    expect(sleeper).toHaveLength(2); // SMS and e-mail
    for (const d of sleeper) {
      // the end of the window as the resident's clock reads it (within the seconds this test takes)
      const expected = quietHoursEnd(start, end, m.tenant.timeZone, new Date())!;
      expect(Math.abs(d.heldUntil!.getTime() - expected.getTime())).toBeLessThan(120_000);
    }
    expect(rows.filter((d) => d.residentId !== m.ids.southWest).every((d) => d.heldUntil === null)).toBe(true);

    // the all-clear reaches the same residents by the same rule
    const tenant = { ...m.tenant, warningPolicy: { ignoreQuietHours: false, ignoreTopics: true } };
    const clear = await allClearWarning(t.deps, testActor, tenant, waiting.json().id);
    const cleared = await heldOf(clear.messageIds);
    expect(cleared.filter((d) => d.residentId === m.ids.southWest).every((d) => d.heldUntil !== null)).toBe(true);
    expect(cleared.filter((d) => d.residentId !== m.ids.southWest).every((d) => d.heldUntil === null)).toBe(true);
  });

  it('issuing a warning and clearing it each take one tenant transaction: area, audience, version and deliveries', async () => {
    const opened: string[] = [];
    const withTenant = t.deps.db.withTenant;
    t.deps.db.withTenant = (tenantId, fn) => {
      opened.push(tenantId);
      return withTenant(tenantId, fn);
    };
    try {
      const issued = await issueWarning(t.deps, testActor, m.tenant, { ...base, area: { kind: 'polygon', polygon: SOUTH_WEST } });
      expect(opened).toHaveLength(1);
      expect(issued.recipients).toBe(1);
      opened.length = 0;
      await allClearWarning(t.deps, testActor, m.tenant, issued.id);
      expect(opened).toHaveLength(1);
    } finally {
      t.deps.db.withTenant = withTenant;
    }
  });
});

describe('the portal banner', () => {
  it('shows a current warning until it is cancelled, and never an expired one', async () => {
    const m = await town();
    const expiresAt = new Date(Date.now() + 3_600_000);
    const res = await issue(m, { status: 'test', expiresAt: expiresAt.toISOString() });
    const id = res.json().id;
    const banner = await currentWarnings(t.deps, m.tenant.id);
    expect(banner).toEqual([
      expect.objectContaining({ id, status: 'test', severity: 'severe', headline: base.headline, instruction: base.instruction, capUrl: res.json().capUrl }),
    ]);
    expect(await currentWarnings(t.deps, m.tenant.id, new Date(expiresAt.getTime() + 1000))).toEqual([]);
    await t.as(m.owner, { method: 'POST', url: m.url(`/${id}/cancel`), payload: { reason: 'Irrtümlich ausgelöst.' } });
    expect(await currentWarnings(t.deps, m.tenant.id)).toEqual([]);
    const past = await t.as(m.owner, { method: 'GET', url: m.url('?state=past') });
    expect(past.json().items[0]).toMatchObject({ msgType: 'cancel', state: 'ended', description: 'Irrtümlich ausgelöst.' });
  });
});

describe('the demo', () => {
  it('has one past exercise warning with its all-clear', async () => {
    const m = await town();
    await seedDemoWarnings(t.deps, testActor, m.tenant);
    const past = await t.as(m.owner, { method: 'GET', url: m.url('?state=past') });
    expect(past.json().items).toEqual([expect.objectContaining({ status: 'exercise', allClear: true, state: 'ended', versions: 2 })]);
    expect(await currentWarnings(t.deps, m.tenant.id)).toEqual([]);
  });
});
