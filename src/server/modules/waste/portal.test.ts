// The waste calendar as residents and importers meet it: the CSV import's row report and all-or-nothing write, the
// portal's street page without sign-in (holiday shifts marked, on-request info, links), a signed-in resident's own
// street first, and the street's .ics feed parsed by ical.js.
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwnerApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { resident, residentSession, streets } from '../../../../test/helpers/factories.ts';

let t: TestApp;
let owner: Session;
let ahorn: string;
let birke: string;
const api = (path: string) => `/api/v1/tenants/${t.tenant.slug}/waste${path}`;
const importCsv = (csv: string, dryRun = false) => t.as(owner, { method: 'POST', url: api('/import'), payload: { csv, dryRun } });

beforeAll(async () => {
  ({ t, owner } = await createOwnerApp());
  const list = await streets(t.deps, t.tenant, 'Straße;Hausnummern;PLZ\nAhornweg;;12345\nBirkenweg;;12345\n');
  ahorn = list.find((s) => s.name === 'Ahornweg')!.id;
  birke = list.find((s) => s.name === 'Birkenweg')!.id;
  const post = (path: string, payload: Record<string, unknown>) => t.as(owner, { method: 'POST', url: api(path), payload });
  await post('/types', { code: 'papier', name: 'Papier', color: '#1f5fbf', position: 1 });
  await post('/types', { code: 'sperr', name: 'Sperrmüll', onRequest: true, info: 'Bitte bis Mittwoch beim Bürgerbüro anmelden.', position: 2 });
  await post('/districts', { name: 'Nord', streetIds: [ahorn] });
});
afterAll(async () => {
  await t?.close();
});

describe('waste CSV import', () => {
  it('reports every bad row with its line and column and writes nothing', async () => {
    const csv =
      '\ufefftyp;bezirk;strasse;datum;hinweis\npapier;Nord;;2099-12-28;\nglas;Nord;;2099-12-29;\npapier;;Lindenweg;31.02.2099;\npapier;Nord;Birkenweg;2099-12-30;\n';
    const res = await importCsv(csv);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.written).toBe(false);
    expect(
      report.rows.map((r: { line: number; status: string; errors: Array<{ column: string }> }) => [r.line, r.status, r.errors.map((e) => e.column)]),
    ).toEqual([
      [2, 'ok', []],
      [3, 'error', ['typ']],
      [4, 'error', ['strasse', 'datum']],
      [5, 'error', ['strasse']],
    ]);
    expect(report.totals).toEqual({ rows: 4, ok: 1, duplicates: 0, errors: 3 });
    const dates = await t.as(owner, { method: 'GET', url: api(`/dates?streetId=${ahorn}&from=2099-01-01&to=2099-12-31`) });
    expect(dates.json().items).toEqual([]);
  });

  it('a dry run writes nothing; the real import writes all rows once and reports duplicates instead of doubling them', async () => {
    const csv = 'typ,bezirk,strasse,datum,hinweis\nPapier,Nord,,2099-12-28,\npapier,,Birkenweg,29.12.2099,Nachholtermin\npapier,Nord,,2099-12-28,\n';
    const dry = (await importCsv(csv, true)).json();
    expect(dry).toMatchObject({ written: false, totals: { ok: 2, duplicates: 1, errors: 0 } });
    const before = await t.as(owner, { method: 'GET', url: api(`/dates?districtId=${await districtId()}&from=2099-01-01&to=2099-12-31`) });
    expect(before.json().items).toEqual([]);
    const real = (await importCsv(csv)).json();
    expect(real).toMatchObject({ written: true, totals: { ok: 2, duplicates: 1 } });
    const again = (await importCsv(csv)).json();
    expect(again.totals).toMatchObject({ ok: 0, duplicates: 3 });
    const birkDates = (await t.as(owner, { method: 'GET', url: api(`/dates?streetId=${birke}&from=2099-01-01&to=2099-12-31`) })).json().items;
    expect(birkDates).toMatchObject([{ day: '2099-12-29', source: 'import', note: 'Nachholtermin' }]);
  });

  it('a file without the expected header is refused with a row for line 1', async () => {
    const report = (await importCsv('Datum;Was\n2099-01-01;Papier\n')).json();
    expect(report.written).toBe(false);
    expect(report.rows[0]).toMatchObject({ line: 1, status: 'error' });
  });
});

async function districtId(): Promise<string> {
  return (await t.as(owner, { method: 'GET', url: api('/districts') })).json().items[0].id;
}

describe('portal waste page', () => {
  beforeAll(async () => {
    const [papier] = (await t.as(owner, { method: 'GET', url: api('/types') })).json().items;
    // the next Christmas Day (within the year the page shows), whatever day the test runs
    const now = new Date();
    const future = `${now.getUTCMonth() === 11 && now.getUTCDate() > 24 ? now.getUTCFullYear() + 1 : now.getUTCFullYear()}`;
    await t.as(owner, {
      method: 'POST',
      url: api('/schedules'),
      payload: {
        typeId: papier.id,
        districtId: await districtId(),
        rrule: 'FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25',
        startsOn: `${future}-01-01`,
        endsOn: `${future}-12-31`,
      },
    });
  });

  it('lists the streets to choose from without sign-in', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/m/${t.tenant.slug}/waste` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<select id="waste-street" name="street"');
    expect(res.body).toContain('Ahornweg');
    expect(res.body).toContain('Birkenweg');
  });

  it("shows a street's next dates per type with the holiday shift marked, on-request info and the links", async () => {
    const res = await t.app.inject({ method: 'GET', url: `/m/${t.tenant.slug}/waste?street=${ahorn}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Abfuhrtermine Ahornweg');
    expect(res.body).toContain('Abfuhrbezirk: Nord');
    expect(res.body).toMatch(/verschoben vom 25\.12\. \(Feiertag\)/);
    expect(res.body).toContain('Bitte bis Mittwoch beim Bürgerbüro anmelden.');
    expect(res.body).toContain(`/m/${t.tenant.slug}/waste/${ahorn}.ics`);
    expect(res.body).toContain(`/m/${t.tenant.slug}/waste/reminder?street=${ahorn}`);
  });

  it('answers an unknown street with 404 and the street list again', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/m/${t.tenant.slug}/waste?street=00000000-0000-4000-8000-00000000abcd` });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('nicht im Straßenverzeichnis');
    expect(res.body).toContain('name="street"');
  });

  it("a signed-in resident sees their own street's dates first", async () => {
    const id = await resident(t.deps, t.tenant, { phone: '+491701234561', streetId: ahorn });
    const cookie = await residentSession(t.deps, t.tenant, id);
    const res = await t.app.inject({ method: 'GET', url: `/m/${t.tenant.slug}/waste`, headers: { cookie } });
    expect(res.body).toContain('Abfuhrtermine Ahornweg');
    expect(res.body).toContain('Ihre Straße aus Ihrem Abonnement');
  });

  it('the street calendar (.ics) parses, with all-day events, stable UIDs and the type as summary', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/m/${t.tenant.slug}/waste/${ahorn}.ics` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    // CRLF after every line, the last one too, and lines folded at 75 octets
    expect(res.body.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(res.body.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    for (const line of res.body.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const events = new ICAL.Component(ICAL.parse(res.body)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.length).toBeGreaterThan(0);
    const shifted = events.find((e) => e.description?.includes('Verschoben'));
    expect(shifted?.summary).toBe('Papier');
    expect(shifted?.startDate.isDate).toBe(true);
    expect(shifted?.uid).toMatch(/^waste-[0-9a-f-]{36}@/);
    const again = await t.app.inject({ method: 'GET', url: `/m/${t.tenant.slug}/waste/${ahorn}.ics` });
    expect(again.body.match(/UID:[^\r]+/g)).toEqual(res.body.match(/UID:[^\r]+/g));
    expect((await t.app.inject({ method: 'GET', url: `/m/${t.tenant.slug}/waste/nothing.ics` })).statusCode).toBe(404);
  });
});
