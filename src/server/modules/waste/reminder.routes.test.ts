import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { resident, residentSession } from '../../../../test/helpers/factories.ts';
import { esc, type PortalBrowser, portalBrowser } from '../../../../test/helpers/portal.ts';
import { nextPhone, type WasteTown, wasteTown } from '../../../../test/helpers/waste-reminders.ts';
import { queryRows } from '../../platform/db/client.ts';
import de from '../portal/i18n/de.json' with { type: 'json' };
import { REMINDER_LIMITS } from './reminder.routes.ts';

let t: TestApp;
let town: WasteTown;
let ip = 10;
beforeAll(async () => {
  t = await createTestApp();
  town = await wasteTown(t.deps);
});
afterAll(async () => {
  await t.close();
});

const page = () => `/m/${town.tenant.slug}/waste/reminder`;

/** A signed-in resident of Lindenweg in a browser of their own (own address, so limits do not meet). */
async function signedIn(opts: { email?: string; channels?: string[] } = {}): Promise<{ b: PortalBrowser; residentId: string; phone: string }> {
  const phone = nextPhone();
  const residentId = await resident(t.deps, town.tenant, { phone, streetId: town.lindenweg, email: opts.email ?? null, channels: opts.channels ?? ['sms'] });
  const b = portalBrowser(t, `198.51.${ip++}.7`);
  const [name, value] = (await residentSession(t.deps, town.tenant, residentId)).split('=');
  b.jar.set(name, value);
  return { b, residentId, phone };
}

async function stored(residentId: string) {
  const [row] = await t.deps.db.withTenant(town.tenant.id, (tx) =>
    queryRows<{ streetId: string; typeIds: string[]; day: string; minuteOfDay: number; active: boolean }>(
      tx,
      sql`select street_id as "streetId", type_ids as "typeIds", day, minute_of_day as "minuteOfDay", active
            from waste_reminders where tenant_id = ${town.tenant.id} and resident_id = ${residentId}`,
    ),
  );
  return row ?? null;
}

describe('the reminder page', () => {
  it('someone who is not signed in is asked to sign in and comes back to the reminder page afterwards', async () => {
    const res = await portalBrowser(t, '198.51.100.1').get(page());
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(esc(de['waste.reminder.signInText']));
    expect(res.body).toContain(`href="/m/${town.tenant.slug}/login?next=${encodeURIComponent(page())}"`);
    expect(res.body).not.toContain('<form method="post" action="/m/');
  });

  it('the form starts from the street of their subscription with every type ticked, and says the reminder comes by SMS to their number', async () => {
    const { b, phone } = await signedIn();
    const body = (await b.get(page())).body;
    expect(body).toContain(`<option value="${town.lindenweg}" selected>Lindenweg</option>`);
    for (const id of [town.types.rest, town.types.bio, town.types.papier]) expect(body).toContain(`id="type-${id}" name="types" value="${id}" checked`);
    // on request: no dates, so nothing to be reminded of
    expect(body).not.toContain(town.types.sperr);
    expect(body).toContain(esc(de['waste.reminder.channelSms'].replace('{shown}', phone.slice(-3))));
  });

  it('a resident who chose e-mail and confirmed it is told the reminder comes by e-mail', async () => {
    const { b } = await signedIn({ email: 'berta@example.org', channels: ['email'] });
    const body = (await b.get(page())).body;
    expect(body).toContain(esc(de['waste.reminder.channelEmail'].replace('{shown}', 'b…@example.org')));
  });

  it('saving stores the reminder and says so; an empty time means 6:30 on the morning', async () => {
    const { b, residentId } = await signedIn();
    const res = await b.post(page(), { street: town.ringstrasse, types: [town.types.bio], day: 'same_day', time: '', active: 'on' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${page()}?saved=on`);
    expect(await stored(residentId)).toEqual({ streetId: town.ringstrasse, typeIds: [town.types.bio], day: 'same_day', minuteOfDay: 390, active: true });
    const body = (await b.get(res.headers.location as string)).body;
    expect(body).toContain(esc(de['waste.reminder.saved']));
    expect(body).toContain(`<option value="${town.ringstrasse}" selected>`);
    expect(body).toContain('id="day-same_day" name="day" value="same_day" checked');
    expect(body).toContain('name="time" type="time" value="06:30"');
  });

  it('every type ticked is kept as "all", and a time typed as 18.15 counts; unticked "on" switches it off', async () => {
    const { b, residentId } = await signedIn();
    const all = [town.types.rest, town.types.bio, town.types.papier];
    const res = await b.post(page(), { street: town.lindenweg, types: all, day: 'day_before', time: '18.15' });
    expect(res.headers.location).toBe(`${page()}?saved=off`);
    expect(await stored(residentId)).toEqual({ streetId: town.lindenweg, typeIds: [], day: 'day_before', minuteOfDay: 18 * 60 + 15, active: false });
    expect((await b.get(res.headers.location as string)).body).toContain(esc(de['waste.reminder.savedOff']));
  });

  it('mistakes are shown next to their fields with what was typed kept, and nothing is stored', async () => {
    const { b, residentId } = await signedIn();
    const res = await b.post(page(), { street: 'Lindenweg', day: 'tomorrow', time: '25:00', active: 'on' });
    expect(res.statusCode).toBe(400);
    for (const key of ['errorSummary', 'waste.reminder.errStreet', 'waste.reminder.errTypes', 'waste.reminder.errDay', 'waste.reminder.errTime'] as const)
      expect(res.body).toContain(esc(de[key]));
    expect(res.body).toContain('value="25:00" aria-invalid="true" aria-describedby="time-hint time-error"');
    expect(await stored(residentId)).toBeNull();
  });

  it('a street or a type of another municipality is refused', async () => {
    const other = await wasteTown(t.deps);
    const { b, residentId } = await signedIn();
    const street = await b.post(page(), { street: other.lindenweg, types: [town.types.rest], day: 'day_before', time: '18:00', active: 'on' });
    expect(street.statusCode).toBe(400);
    expect(street.body).toContain(esc(de['waste.reminder.errStreet']));
    const type = await b.post(page(), { street: town.lindenweg, types: [other.types.rest], day: 'day_before', time: '18:00', active: 'on' });
    expect(type.statusCode).toBe(400);
    expect(type.body).toContain(esc(de['waste.reminder.errTypes']));
    expect(await stored(residentId)).toBeNull();
  });

  it('a form sent from another site is refused and changes nothing', async () => {
    const { b, residentId } = await signedIn();
    const fields = { street: town.lindenweg, types: [town.types.rest], day: 'day_before', time: '18:00', active: 'on' };
    const res = await b.post(page(), fields, { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain(esc(de.forbiddenText));
    expect((await b.post(page(), fields, {})).statusCode).toBe(403);
    expect(await stored(residentId)).toBeNull();
  });

  it('a post without a signed-in resident is asked to sign in', async () => {
    const res = await portalBrowser(t, '198.51.100.2').post(page(), { street: town.lindenweg, types: [town.types.rest], day: 'day_before' });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain(esc(de['waste.reminder.signInText']));
  });

  it('too many saves in an hour are refused with a clear message', async () => {
    const { b } = await signedIn();
    const fields = { street: town.lindenweg, types: [town.types.rest], day: 'day_before', time: '18:00', active: 'on' };
    for (let i = 0; i < REMINDER_LIMITS.perResidentPerHour; i++) expect((await b.post(page(), fields)).statusCode).toBe(303);
    const refused = await b.post(page(), fields);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.body).toContain(esc(de['waste.reminder.errLimited']));
  });

  it('an unknown municipality is a 404 page', async () => {
    expect((await portalBrowser(t, '198.51.100.3').get('/m/nowhere-town/waste/reminder')).statusCode).toBe(404);
  });
});
