import { eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { follows } from '../../platform/db/schema.ts';
import { registerResident } from '../residents/index.ts';
import { resolveAudience } from './index.ts';

let t: TestApp;
let owner: Session;
const url = (path: string) => `/api/v1/tenants/musterstadt${path}`;
const csv = (path: string, body: string) => ({ method: 'POST' as const, url: url(path), payload: body, headers: { 'content-type': 'text/csv' } });
// GeoJSON is [lng, lat]; the area covers lat 50.0–50.1, lng 10.0–10.1
const box: Array<[number, number]> = [
  [10, 50],
  [10.1, 50],
  [10.1, 50.1],
  [10, 50.1],
  [10, 50],
];

const streetId = async (name: string) =>
  (await t.as(owner, { method: 'GET', url: url(`/streets?q=${encodeURIComponent(name)}`) })).json().items.find((s: { name: string }) => s.name === name)
    .id as string;
const placeOf = async (residentId: string) => {
  const [f] = await t.deps.db.system.select({ lat: follows.lat, lng: follows.lng }).from(follows).where(eq(follows.residentId, residentId));
  return f;
};
const resident = async (phone: string, street: string | null, houseNumber: string | null) =>
  (
    await registerResident(
      t.deps,
      t.tenant,
      { phone },
      { topics: ['abfall'], channels: ['sms'], streetId: street ? await streetId(street) : null, houseNumber },
      { method: 'staff', ipPrefix: null },
    )
  ).residentId;

/** The report of an address-point import that went through (a 200, whatever it refused). */
const importPoints = async (request: InjectOptions) => {
  const res = await t.as(owner, request);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { errors: Array<{ line: number; field: string }> };
};
/** The rows an import refused, as line:field. */
const refusedRows = (report: { errors: Array<{ line: number; field: string }> }) => report.errors.map((e) => `${e.line}:${e.field}`);

let areaId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.loginOwner();
  await t.as(owner, csv('/streets/import', 'Straße;PLZ\nLindenweg;12345\nAm Markt;12345\nRingstraße;12345\nRingstraße;54321\n'));
  ids.lindenweg3 = await resident('+491702000001', 'Lindenweg', '3');
  ids.lindenweg40 = await resident('+491702000002', 'Lindenweg', '40');
  ids.amMarkt = await resident('+491702000003', 'Am Markt', '1');
  ids.noStreet = await resident('+491702000004', null, null);
  const area = await t.as(owner, { method: 'POST', url: url('/areas'), payload: { name: 'Nord', geometry: { type: 'Polygon', coordinates: [box] } } });
  areaId = area.json().id;
});
afterAll(async () => {
  await t.close();
});

const inArea = async () => (await resolveAudience(t.deps, t.tenant.id, { areaIds: [areaId], channels: ['sms'] })).recipients.map((r) => r.residentId).sort();

// One story told in steps: points arrive (CSV, then OpenStreetMap), residents are placed, later ones too, and one
// moves away. Each step starts from the state the one before left, so the order is part of the test, said here
// rather than left to chance.
describe('address points give residents coordinates', { shuffle: false }, () => {
  it('before any point, a drawn area reaches nobody: residents with a street have no place on the map', async () => {
    expect(await inArea()).toEqual([]);
  });

  it('a CSV with lat/lon places residents by house number or by the street’s own point; bad rows are reported', async () => {
    const file =
      'Straße;Hausnummer;PLZ;lat;lon\nLindenweg;3;12345;50,01;10,01\nLindenweg;40;;50.3;10.3\nAm Markt;;12345;50.02;10.02\nNirgendwo;1;;50.05;10.05\nLindenweg;5;12345;95;10\n';
    const report = await importPoints(csv('/streets/points', file));
    expect(report).toMatchObject({ imported: 3, streetsAdded: 0, residentsPlaced: 3, committed: true });
    expect(refusedRows(report)).toEqual(['5:street', '6:lat']);
    expect(await placeOf(ids.lindenweg3)).toEqual({ lat: 50.01, lng: 10.01 });
    expect(await placeOf(ids.amMarkt)).toEqual({ lat: 50.02, lng: 10.02 });
    expect(await placeOf(ids.noStreet)).toEqual({ lat: null, lng: null });
    // the area matches by point in polygon: Lindenweg 3 and Am Markt inside, Lindenweg 40 outside
    expect(await inArea()).toEqual([ids.lindenweg3, ids.amMarkt].sort());
    const list = await t.as(owner, { method: 'GET', url: url(`/residents?area=${areaId}`) });
    expect(
      list
        .json()
        .items.map((r: { id: string }) => r.id)
        .sort(),
    ).toEqual([ids.lindenweg3, ids.amMarkt].sort());
  });

  it('a resident who registers later gets the point of the house number, however it is spelt, else the street’s middle', async () => {
    const [lindenweg] = (await t.as(owner, { method: 'GET', url: url('/streets?q=Lindenweg') })).json().items;
    expect(lindenweg.points).toBe(2);
    expect(await placeOf(await resident('+491702000005', 'Lindenweg', ' 3 '))).toEqual({ lat: 50.01, lng: 10.01 });
    const middle = await placeOf(await resident('+491702000006', 'Lindenweg', '99'));
    expect(middle.lat).toBeCloseTo(50.155, 6);
    expect(middle.lng).toBeCloseTo(10.155, 6);
  });

  it('a street in two postcodes needs the postcode; all-or-nothing keeps everything out when one row is wrong', async () => {
    const ambiguous = await t.as(owner, csv('/streets/points', 'street,lat,lon\nRingstraße,50.05,10.05\n'));
    expect(ambiguous.json()).toMatchObject({ imported: 0, committed: false, errors: [{ line: 2, field: 'postcode' }] });
    const strict = await t.as(owner, {
      ...csv('/streets/points', 'street,postcode,lat,lon\nRingstraße,12345,50.05,10.05\nRingstraße,12345,x,10\n'),
      url: url('/streets/points?mode=all-or-nothing'),
    });
    expect(strict.json()).toMatchObject({ imported: 0, committed: false, errors: [{ line: 3, field: 'lat' }] });
    expect((await t.as(owner, { method: 'GET', url: url('/streets?q=Ringstra') })).json().items.map((s: { points: number }) => s.points)).toEqual([0, 0]);
  });

  it('an OpenStreetMap GeoJSON export adds its address points, and new streets when they have a postcode', async () => {
    const point = (lng: number, lat: number, properties: Record<string, string>) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lng, lat] },
      properties,
    });
    const osm = {
      type: 'FeatureCollection',
      features: [
        point(10.03, 50.03, { 'addr:street': 'Birkenweg', 'addr:housenumber': '7A', 'addr:postcode': '12345' }),
        point(10.04, 50.04, { 'addr:street': 'Lindenweg', 'addr:housenumber': '40', 'addr:postcode': '12345' }),
        point(10.05, 50.05, { amenity: 'bench' }),
        {
          type: 'Feature',
          geometry: {
            type: 'LineString',
            coordinates: [
              [10, 50],
              [10.1, 50.1],
            ],
          },
          properties: { 'addr:street': 'Birkenweg' },
        },
      ],
    };
    const report = await importPoints({ method: 'POST', url: url('/streets/points'), payload: osm });
    expect(report).toMatchObject({ imported: 2, streetsAdded: 1, committed: true });
    expect(refusedRows(report)).toEqual(['3:addr:street', '4:geometry']);
    // Lindenweg 40 moved into the area with the new point
    expect(await placeOf(ids.lindenweg40)).toEqual({ lat: 50.04, lng: 10.04 });
    expect(await inArea()).toContain(ids.lindenweg40);
    expect(await placeOf(await resident('+491702000007', 'Birkenweg', '7 a'))).toEqual({ lat: 50.03, lng: 10.03 });
  });

  it('residents imported from a CSV get the coordinates of their address too', async () => {
    const csvText = 'Telefon;Straße;Nr\n0170 2000008;Lindenweg;3\n';
    const res = await t.as(owner, {
      method: 'POST',
      url: url('/residents/import'),
      payload: { csv: csvText, mapping: { phone: 'Telefon', street: 'Straße', houseNumber: 'Nr' }, consentProof: 'Papierformular' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { findResidentByPhone } = await import('../residents/index.ts');
    expect(await placeOf((await findResidentByPhone(t.deps, '+491702000008'))!)).toEqual({ lat: 50.01, lng: 10.01 });
  });

  it('a resident who moves to a street without points loses the old coordinates', async () => {
    const { updatePreferences } = await import('../residents/index.ts');
    await updatePreferences(
      t.deps,
      t.tenant,
      ids.amMarkt,
      { topics: ['abfall'], channels: ['sms'], streetId: await streetId('Ringstraße'), houseNumber: '2' },
      { method: 'staff', ipPrefix: null },
    );
    expect(await placeOf(ids.amMarkt)).toEqual({ lat: null, lng: null });
    expect(await inArea()).not.toContain(ids.amMarkt);
  });
});
