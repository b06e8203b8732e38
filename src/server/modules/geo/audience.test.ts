import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { SQUARE_WITH_HOLE } from '../../../../test/helpers/geo.ts';
import { resident as newResident, pushDevice } from '../../../../test/helpers/factories.ts';
import { eq } from 'drizzle-orm';
import { residents } from '../../platform/db/schema.ts';
import { withdrawConsent } from '../residents/index.ts';
import { resolveAudience } from './index.ts';

let t: TestApp;
let owner: Session;
let areaId: string;
let streetId: string;
const ids: Record<string, string> = {};
const url = (path: string) => `/api/v1/tenants/musterstadt${path}`;

async function resident(
  label: string,
  phone: string,
  prefs: { topics: string[]; channels: string[]; lat?: number; lng?: number; houseNumber?: string; street?: boolean },
  email?: string,
  method: 'staff' | 'portal' = 'staff',
) {
  ids[label] = await newResident(t.deps, t.tenant, { phone, email, ...prefs, streetId: prefs.street ? streetId : null, method });
}

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.loginOwner();
  const area = await t.as(owner, { method: 'POST', url: url('/areas'), payload: { name: 'Altstadt', geometry: SQUARE_WITH_HOLE } });
  expect(area.statusCode).toBe(201);
  areaId = area.json().id;
  const csv = 'Straße;Hausnummern;PLZ\nHauptstraße;1-39 ungerade;12345\n';
  expect((await t.as(owner, { method: 'POST', url: url('/streets/import'), payload: csv, headers: { 'content-type': 'text/csv' } })).json().imported).toBe(1);
  streetId = (await t.as(owner, { method: 'GET', url: url('/streets?q=haupt') })).json().items[0].id;
  await resident('inArea', '+491701000001', { topics: ['abfall'], channels: ['sms'], lat: 50.02, lng: 10.02 });
  await resident('inHole', '+491701000002', { topics: ['abfall'], channels: ['sms'], lat: 50.05, lng: 10.05 });
  await resident('outside', '+491701000003', { topics: ['abfall'], channels: ['sms'], lat: 50.2, lng: 10.2 });
  await resident('otherTopic', '+491701000004', { topics: ['verkehr'], channels: ['sms'], lat: 50.02, lng: 10.08 });
  await resident('emailOnly', '+491701000005', { topics: ['abfall'], channels: ['email'], lat: 50.08, lng: 10.02 }, 'mail@example.org');
  await resident('withdrawn', '+491701000006', { topics: ['abfall'], channels: ['sms'], lat: 50.08, lng: 10.08 });
  await withdrawConsent(t.deps, t.tenant, ids.withdrawn, { method: 'portal', ipPrefix: null });
  await resident('both', '+491701000007', { topics: ['abfall', 'verkehr'], channels: ['sms', 'email'], lat: 50.09, lng: 10.01 }, 'both@example.org');
  await resident('odd5', '+491701000011', { topics: ['abfall'], channels: ['sms'], street: true, houseNumber: '5a' });
  await resident('even6', '+491701000012', { topics: ['abfall'], channels: ['sms'], street: true, houseNumber: '6' });
  await resident('odd41', '+491701000013', { topics: ['abfall'], channels: ['sms'], street: true, houseNumber: '41' });
  await resident('noNumber', '+491701000014', { topics: ['abfall'], channels: ['sms'], street: true });
  await resident('unconfirmed', '+491701000015', { topics: ['rathaus'], channels: ['email'] }, 'pending@example.org', 'portal');
  await resident('pushTwoDevices', '+491701000016', { topics: ['baustellen'], channels: ['push'] });
  await resident('pushNoDevice', '+491701000017', { topics: ['baustellen'], channels: ['push', 'sms'] });
  for (const device of ['phone', 'laptop']) await pushDevice(t.deps, t.tenant, ids.pushTwoDevices, `https://fcm.googleapis.com/fcm/send/${device}`);
});
afterAll(async () => {
  await t.close();
});

const labelsOf = (recipients: Array<{ residentId: string }>) => recipients.map((r) => Object.keys(ids).find((k) => ids[k] === r.residentId)).sort();

describe('audience by topic, place and channel', () => {
  it('reaches exactly the residents inside the area (not in its hole) who chose the topic and the channel', async () => {
    const { recipients, count } = await resolveAudience(t.deps, t.tenant.id, { topics: ['abfall'], areaIds: [areaId], channels: ['sms'] });
    expect(labelsOf(recipients)).toEqual(['both', 'inArea']);
    expect(count).toBe(2);
    expect(recipients.find((r) => r.residentId === ids.inArea)).toEqual({ residentId: ids.inArea, language: 'de', sms: '+491701000001' });
  });

  it('a resident who withdrew consent is never in the audience', async () => {
    const { recipients } = await resolveAudience(t.deps, t.tenant.id, { areaIds: [areaId], channels: ['sms', 'email'] });
    expect(labelsOf(recipients)).not.toContain('withdrawn');
  });

  it('gives each recipient only the addresses of channels both asked for and chosen', async () => {
    const { recipients } = await resolveAudience(t.deps, t.tenant.id, { topics: ['abfall'], areaIds: [areaId], channels: ['email'] });
    expect(recipients.sort((a, b) => (a.email ?? '').localeCompare(b.email ?? ''))).toEqual([
      { residentId: ids.both, language: 'de', email: 'both@example.org' },
      { residentId: ids.emailOnly, language: 'de', email: 'mail@example.org' },
    ]);
  });

  it('an e-mail address typed on the portal is used only once its link was clicked', async () => {
    const before = await resolveAudience(t.deps, t.tenant.id, { topics: ['rathaus'], channels: ['email'] });
    expect(before.recipients).toEqual([]);
    expect(
      (await t.as(owner, { method: 'POST', url: url('/audience/preview'), payload: { topics: ['rathaus'], channels: ['email'] } })).json().byChannel.email,
    ).toBe(0);
    await t.deps.db.system.update(residents).set({ emailVerifiedAt: new Date() }).where(eq(residents.id, ids.unconfirmed));
    const after = await resolveAudience(t.deps, t.tenant.id, { topics: ['rathaus'], channels: ['email'] });
    expect(after.recipients).toEqual([{ residentId: ids.unconfirmed, language: 'de', email: 'pending@example.org' }]);
  });

  it('push reaches every device a resident turned notifications on in, and only residents with one', async () => {
    const { recipients } = await resolveAudience(t.deps, t.tenant.id, { topics: ['baustellen'], channels: ['push'] });
    expect(recipients).toHaveLength(1);
    expect(recipients[0]).toMatchObject({ residentId: ids.pushTwoDevices });
    expect(recipients[0].push).toHaveLength(2);
    const preview = await t.as(owner, { method: 'POST', url: url('/audience/preview'), payload: { topics: ['baustellen'], channels: ['push', 'sms'] } });
    expect(preview.json()).toEqual({ count: 2, byChannel: { push: 1, sms: 1 }, waiting: 0 });
  });

  it('a warning ignores topics and reaches everyone in the area', async () => {
    const { recipients } = await resolveAudience(t.deps, t.tenant.id, { topics: ['abfall'], areaIds: [areaId], channels: ['sms'], warning: true });
    expect(labelsOf(recipients)).toEqual(['both', 'inArea', 'otherTopic']);
  });

  it('a street with odd numbers 1-39 reaches 5a and a resident without a number, not 6 or 41', async () => {
    const { recipients } = await resolveAudience(t.deps, t.tenant.id, { streetIds: [streetId], channels: ['sms'] });
    expect(labelsOf(recipients)).toEqual(['noNumber', 'odd5']);
  });

  it('street and area together reach the residents of both', async () => {
    const { recipients } = await resolveAudience(t.deps, t.tenant.id, { topics: ['abfall'], streetIds: [streetId], areaIds: [areaId], channels: ['sms'] });
    expect(labelsOf(recipients)).toEqual(['both', 'inArea', 'noNumber', 'odd5']);
  });

  it('the preview shows counts per channel and no personal data', async () => {
    const res = await t.as(owner, {
      method: 'POST',
      url: url('/audience/preview'),
      payload: { topics: ['abfall'], areaIds: [areaId], channels: ['sms', 'email'] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ count: 3, byChannel: { sms: 2, email: 2 }, waiting: 0 });
    expect(res.body).not.toMatch(/\+49|@example/);
  });

  it('a misspelt key or an unknown topic in the audience is a 400 naming it, never a wider audience', async () => {
    const misspelt = await t.as(owner, { method: 'POST', url: url('/audience/preview'), payload: { topic: ['abfall'], channels: ['sms'] } });
    expect(misspelt.statusCode).toBe(400);
    expect(JSON.stringify(misspelt.json().errors)).toContain('topic');
    const unknown = await t.as(owner, { method: 'POST', url: url('/audience/preview'), payload: { topics: ['abfall', 'abfal'], channels: ['sms'] } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ pointer: '/body/topics/1', code: 'not_found_here' });
  });

  it('an area of another municipality is refused as unknown', async () => {
    const res = await t.as(owner, {
      method: 'POST',
      url: url('/audience/preview'),
      payload: { areaIds: ['00000000-0000-4000-8000-000000000000'], channels: ['sms'] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/body/areaIds');
  });
});
