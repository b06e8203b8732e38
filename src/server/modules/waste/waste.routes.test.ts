// The waste calendar's staff API on a real database: types, districts, schedules expanded around public holidays
// (NW: 2026-12-25 and 2027-01-01 are Fridays), manual dates, strict schemas, 422 for unusable rules, audit rows.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwnerApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { streets } from '../../../../test/helpers/factories.ts';
import { queryRows } from '../../platform/db/client.ts';

let t: TestApp;
let owner: Session;
let street: { a: string; b: string; c: string };
const url = (path: string) => `/api/v1/tenants/${t.tenant.slug}/waste${path}`;

beforeAll(async () => {
  ({ t, owner } = await createOwnerApp());
  const list = await streets(t.deps, t.tenant, 'Straße;Hausnummern;PLZ\nAhornweg;;12345\nBirkenweg;;12345\nCedernweg;;12345\n');
  const id = (name: string) => list.find((s) => s.name === name)!.id;
  street = { a: id('Ahornweg'), b: id('Birkenweg'), c: id('Cedernweg') };
});
afterAll(async () => {
  await t?.close();
});

async function post(path: string, payload: Record<string, unknown>) {
  return t.as(owner, { method: 'POST', url: url(path), payload });
}

describe('waste calendar staff API', () => {
  let rest: string;
  let district: string;

  it('adds a waste type and refuses a second with the same code, naming /body/code', async () => {
    const made = await post('/types', { code: 'rest', name: 'Restmüll', color: '#333333' });
    expect(made.statusCode).toBe(201);
    rest = made.json().id;
    expect(made.json()).toMatchObject({ code: 'rest', onRequest: false, active: true });
    const again = await post('/types', { code: 'rest', name: 'Noch einmal' });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].pointer).toBe('/body/code');
  });

  it('refuses unknown fields and a bad colour with 400 naming them', async () => {
    const res = await post('/types', { code: 'bio', name: 'Bio', color: 'green', extra: 1 });
    expect(res.statusCode).toBe(400);
    const pointers = res.json().errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toContain('/body/color');
    expect(JSON.stringify(res.json())).toContain('extra');
  });

  it('a district takes its streets, and a street moved to another district leaves the first', async () => {
    const first = await post('/districts', { name: 'Nord', streetIds: [street.a, street.b] });
    expect(first.statusCode).toBe(201);
    district = first.json().id;
    const second = await post('/districts', { name: 'Süd', streetIds: [street.b] });
    expect(second.json().streetIds).toEqual([street.b]);
    const list = (await t.as(owner, { method: 'GET', url: url('/districts') })).json().items;
    expect(list.find((d: { name: string }) => d.name === 'Nord').streetIds).toEqual([street.a]);
    const bad = await post('/districts', { name: 'West', streetIds: ['00000000-0000-4000-8000-000000000001'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toBe('/body/streetIds/0');
  });

  it('a Friday schedule moves Christmas and New Year to the next working day, marking the original day', async () => {
    const res = await post('/schedules', {
      typeId: rest,
      districtId: district,
      rrule: 'FREQ=WEEKLY;BYDAY=FR',
      startsOn: '2026-12-01',
      endsOn: '2027-01-16',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().dates).toBe(7);
    const dates = (await t.as(owner, { method: 'GET', url: url(`/dates?districtId=${district}&from=2026-12-01&to=2027-01-31`) })).json().items;
    expect(dates.map((d: { day: string; shiftedFrom: string | null }) => [d.day, d.shiftedFrom])).toEqual([
      ['2026-12-04', null],
      ['2026-12-11', null],
      ['2026-12-18', null],
      ['2026-12-28', '2026-12-25'],
      ['2027-01-02', '2027-01-01'],
      ['2027-01-08', null],
      ['2027-01-15', null],
    ]);
  });

  it('saving a schedule again replaces its dates but keeps a manual date', async () => {
    const [schedule] = (await t.as(owner, { method: 'GET', url: url('/schedules') })).json().items;
    const manual = await post('/dates', { typeId: rest, districtId: district, day: '2027-01-05', note: 'Sonderabfuhr' });
    expect(manual.statusCode).toBe(201);
    const res = await t.as(owner, {
      method: 'PUT',
      url: url(`/schedules/${schedule.id}`),
      payload: {
        typeId: rest,
        districtId: district,
        rrule: 'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH',
        startsOn: '2027-01-04',
        endsOn: '2027-01-31',
        holidayShift: false,
      },
    });
    expect(res.statusCode).toBe(200);
    const days = (await t.as(owner, { method: 'GET', url: url(`/dates?streetId=${street.a}&from=2026-12-01&to=2027-01-31`) })).json().items;
    expect(days.map((d: { day: string; source: string }) => `${d.day} ${d.source}`)).toEqual(['2027-01-05 manual', '2027-01-07 rule', '2027-01-21 rule']);
  });

  it('answers 422 naming the field for an RRULE that does not parse or a range over three years', async () => {
    const base = { typeId: rest, streetId: street.c, startsOn: '2027-01-01', endsOn: '2027-12-31' };
    const badRule = await post('/schedules', { ...base, rrule: 'FREQ=SOMETIMES' });
    expect(badRule.statusCode).toBe(422);
    expect(badRule.json().errors[0].pointer).toBe('/body/rrule');
    const hourly = await post('/schedules', { ...base, rrule: 'FREQ=HOURLY' });
    expect(hourly.statusCode).toBe(422);
    const long = await post('/schedules', { ...base, rrule: 'FREQ=WEEKLY', endsOn: '2031-01-01' });
    expect(long.statusCode).toBe(422);
    expect(long.json().errors[0].pointer).toBe('/body/endsOn');
    const both = await post('/schedules', { ...base, districtId: district, rrule: 'FREQ=WEEKLY' });
    expect(both.statusCode).toBe(400);
  });

  it('moving a date makes it manual and keeps the original day; a second date on the same day is refused', async () => {
    const [first] = (await t.as(owner, { method: 'GET', url: url(`/dates?districtId=${district}&from=2027-01-07&to=2027-01-07`) })).json().items;
    const moved = await t.as(owner, { method: 'PATCH', url: url(`/dates/${first.id}`), payload: { day: '2027-01-08', note: 'Streik' } });
    expect(moved.json()).toMatchObject({ day: '2027-01-08', shiftedFrom: '2027-01-07', source: 'manual', scheduleId: null, note: 'Streik' });
    const clash = await post('/dates', { typeId: rest, districtId: district, day: '2027-01-08' });
    expect(clash.statusCode).toBe(409);
    expect((await t.as(owner, { method: 'DELETE', url: url(`/dates/${first.id}`) })).statusCode).toBe(204);
    expect((await t.as(owner, { method: 'DELETE', url: url(`/dates/${first.id}`) })).statusCode).toBe(404);
  });

  it('a type in use cannot be deleted (409) and every change is in the audit log', async () => {
    expect((await t.as(owner, { method: 'DELETE', url: url(`/types/${rest}`) })).statusCode).toBe(409);
    const rows = await t.deps.db.withTenant(t.tenant.id, (tx) =>
      queryRows<{ action: string }>(tx, sql`select distinct action from audit_log where action like 'waste_%' order by action`),
    );
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'waste_date.created',
        'waste_date.deleted',
        'waste_district.created',
        'waste_schedule.created',
        'waste_schedule.updated',
        'waste_type.created',
      ]),
    );
  });

  it('a schedule for one street gives that street its dates and no other street', async () => {
    const glass = (await post('/types', { code: 'glas', name: 'Altglas' })).json().id;
    const res = await post('/schedules', {
      typeId: glass,
      streetId: street.c,
      rrule: 'FREQ=MONTHLY;BYMONTHDAY=10',
      startsOn: '2027-02-01',
      endsOn: '2027-04-30',
    });
    expect([res.statusCode, res.json().dates]).toEqual([201, 3]);
    const days = async (streetId: string) =>
      (
        (await t.as(owner, { method: 'GET', url: url(`/dates?streetId=${streetId}&from=2027-02-01&to=2027-04-30`) })).json().items as Array<{
          typeId: string;
          day: string;
        }>
      )
        .filter((d) => d.typeId === glass)
        .map((d) => d.day);
    expect(await days(street.c)).toEqual(['2027-02-10', '2027-03-10', '2027-04-10']);
    expect(await days(street.a)).toEqual([]);
  });

  it('a viewer reads the calendar but cannot change it', async () => {
    const viewer = await t.staffSession('viewer');
    expect((await t.as(viewer, { method: 'GET', url: url('/types') })).statusCode).toBe(200);
    expect((await t.as(viewer, { method: 'POST', url: url('/types'), payload: { code: 'x', name: 'X' } })).statusCode).toBe(403);
  });
});
