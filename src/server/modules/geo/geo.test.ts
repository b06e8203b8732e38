import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwnerApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { area, newTenant, resident, streets } from '../../../../test/helpers/factories.ts';
import { auditLog, tenants } from '../../platform/db/schema.ts';
import { type AreaGeometry, parseRanges, pointInPolygon } from './index.ts';

let t: TestApp;
let owner: Session;
const url = (path: string) => `/api/v1/tenants/musterstadt${path}`;
const csv = (body: string, mode?: string) => ({
  method: 'POST' as const,
  url: url(`/streets/import${mode ? `?mode=${mode}` : ''}`),
  payload: body,
  headers: { 'content-type': 'text/csv' },
});
/** POST /areas/import of a FeatureCollection with these features. */
const importAreas = (features: unknown[]) => t.as(owner, { method: 'POST', url: url('/areas/import'), payload: { type: 'FeatureCollection', features } });
const box = (lng0: number, lat0: number, lng1: number, lat1: number): Array<[number, number]> => [
  [lng0, lat0],
  [lng1, lat0],
  [lng1, lat1],
  [lng0, lat1],
  [lng0, lat0],
];

beforeAll(async () => {
  ({ t, owner } = await createOwnerApp());
});
afterAll(() => t.close());

describe('street list import', () => {
  it('imports the valid rows and reports each bad one with its line and field', async () => {
    const file =
      'Straße;Hausnummern;PLZ;Ortsteil;Einwohner\nAm Markt;1-99;12345;Mitte;120\nBahnhofstraße;2-40 gerade;12345;;80\nKirchweg;1-x;12345;;\nLindenallee;;1234567;;\n';
    const res = await t.as(owner, csv(file));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      imported: 2,
      committed: true,
      errors: [
        { line: 4, field: 'houseNumbers' },
        { line: 5, field: 'postcode' },
      ],
    });
    const list = (await t.as(owner, { method: 'GET', url: url('/streets?q=bahnhof') })).json().items;
    expect(list).toMatchObject([{ name: 'Bahnhofstraße', postcode: '12345', population: 80, ranges: [{ from: 2, to: 40, parity: 'even' }] }]);
  });

  it('with all-or-nothing, one bad row means nothing is imported', async () => {
    const res = await t.as(owner, csv('street,house numbers,postcode\nSchulweg,1-9,12345\nParkweg,,abc\n', 'all-or-nothing'));
    expect(res.json()).toMatchObject({ imported: 0, committed: false, errors: [{ line: 3, field: 'postcode' }] });
    expect((await t.as(owner, { method: 'GET', url: url('/streets?q=schulweg') })).json().items).toEqual([]);
  });

  it('the same street and postcode are one street: rows merge, a second import updates instead of duplicating', async () => {
    await t.as(owner, csv('Straße;Hausnummern;PLZ\nRingstraße;1-39 ungerade;12345\nRingstraße;2-40 gerade;12345\nRingstraße;;54321\n'));
    await t.as(owner, csv('Straße;Hausnummern;PLZ;Einwohner\nRingstraße;1-39 ungerade;12345;300\n'));
    const items = (await t.as(owner, { method: 'GET', url: url('/streets?q=ring') })).json().items;
    expect(items.map((s: { postcode: string }) => s.postcode)).toEqual(['12345', '54321']);
    expect(items[0]).toMatchObject({ population: 300, ranges: [{ from: 1, to: 39, parity: 'odd' }] });
  });

  it('a street’s population can be changed, and a street removed', async () => {
    // its own street, whatever the imports above did or did not leave
    const [street] = await streets(t.deps, t.tenant, 'Straße;Hausnummern;PLZ\nMühlgasse;1-20;12345\n').then((all) => all.filter((x) => x.name === 'Mühlgasse'));
    expect((await t.as(owner, { method: 'PATCH', url: url(`/streets/${street.id}`), payload: { population: 150 } })).json().population).toBe(150);
    expect((await t.as(owner, { method: 'DELETE', url: url(`/streets/${street.id}`) })).statusCode).toBe(204);
    expect((await t.as(owner, { method: 'DELETE', url: url(`/streets/${street.id}`) })).statusCode).toBe(404);
  });

  it('house number ranges read the way street lists write them', () => {
    expect(parseRanges('1-99')).toEqual([{ from: 1, to: 99 }]);
    expect(parseRanges('2-40 gerade; 1-39 ungerade')).toEqual([
      { from: 2, to: 40, parity: 'even' },
      { from: 1, to: 39, parity: 'odd' },
    ]);
    expect(parseRanges('40-2')).toMatch(/ends before it starts/);
  });
});

describe('areas', () => {
  const holed: AreaGeometry = { type: 'Polygon', coordinates: [box(0, 0, 10, 10), box(4, 4, 6, 6)] };

  it('point in polygon respects holes and every part of a MultiPolygon', () => {
    expect(pointInPolygon(2, 2, holed)).toBe(true);
    expect(pointInPolygon(5, 5, holed)).toBe(false); // in the hole
    expect(pointInPolygon(5, 11, holed)).toBe(false);
    const multi: AreaGeometry = { type: 'MultiPolygon', coordinates: [[box(0, 0, 1, 1)], [box(20, 20, 21, 21)]] };
    expect(pointInPolygon(20.5, 20.5, multi)).toBe(true);
    expect(pointInPolygon(10, 10, multi)).toBe(false);
  });

  it('invalid GeoJSON is refused with a pointer to each problem', async () => {
    const areasNow = async () => (await t.as(owner, { method: 'GET', url: url('/areas') })).json().items.map((a: { id: string }) => a.id);
    const before = await areasNow();
    const open = [
      [10, 50],
      [10.1, 50],
      [10.1, 50.1],
      [10, 50.1],
    ];
    const res = await importAreas([
      { type: 'Feature', properties: { name: 'Nord' }, geometry: { type: 'Polygon', coordinates: [[...open, [10, 50.2]]] } },
      {
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [10, 50],
              [10, 95],
              [10.1, 50],
              [10, 50],
            ],
          ],
        },
      },
      { type: 'Feature', properties: { name: 'Linie' }, geometry: { type: 'LineString', coordinates: open } },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toMatchObject([
      { pointer: '/body/features/0/geometry/coordinates/0/4', detail: expect.stringMatching(/not closed/) },
      { pointer: '/body/features/1/properties/name', detail: expect.any(String) },
      { pointer: '/body/features/1/geometry/coordinates/0/1/1', detail: expect.stringMatching(/latitude/) },
      { pointer: '/body/features/2/geometry/type', detail: expect.stringMatching(/LineString/) },
    ]);
    expect(await areasNow()).toEqual(before); // all or none: no area of the file was added
  });

  it('a FeatureCollection imports every area, named from its properties', async () => {
    const res = await importAreas([
      { type: 'Feature', properties: { name: 'Nord', population: 400 }, geometry: { type: 'Polygon', coordinates: [box(10, 50, 10.1, 50.1)] } },
      { type: 'Feature', properties: { name: 'Süd' }, geometry: { type: 'MultiPolygon', coordinates: [[box(10, 49, 10.1, 49.1)]] } },
    ]);
    expect(res.statusCode).toBe(201);
    expect(res.json().imported).toBe(2);
    const items = (await t.as(owner, { method: 'GET', url: url('/areas') })).json().items;
    expect(items.map((a: { name: string; population: number | null }) => [a.name, a.population])).toEqual([
      ['Nord', 400],
      ['Süd', null],
    ]);
    const patched = await t.as(owner, { method: 'PATCH', url: url(`/areas/${items[1].id}`), payload: { population: 50 } });
    expect(patched.json().population).toBe(50);
  });
});

describe('editing an area', () => {
  const area = (name: string) => ({ name, geometry: { type: 'Polygon', coordinates: [box(11, 51, 11.1, 51.1)] } });

  it('renames, re-populates and redraws an area, validated like a new one and audited', async () => {
    const { id } = (await t.as(owner, { method: 'POST', url: url('/areas'), payload: area('Baugebiet') })).json();
    const redrawn = { type: 'Polygon', coordinates: [box(11, 51, 11.2, 51.2)] };
    const res = await t.as(owner, { method: 'PATCH', url: url(`/areas/${id}`), payload: { name: '  Baugebiet Ost ', population: 120, geometry: redrawn } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, name: 'Baugebiet Ost', population: 120, geometry: redrawn });
    expect((await t.as(owner, { method: 'PATCH', url: url(`/areas/${id}`), payload: { population: null } })).json().population).toBeNull();
    const bad = await t.as(owner, {
      method: 'PATCH',
      url: url(`/areas/${id}`),
      payload: {
        name: '   ',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [11, 51],
              [11.1, 51],
              [11.1, 51.1],
              [11, 51.1],
            ],
          ],
        },
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toMatchObject([
      { pointer: '/body/name', detail: expect.any(String) },
      { pointer: '/body/geometry/coordinates/0/3', detail: expect.stringMatching(/not closed/) },
    ]);
    const [entry] = await t.deps.db.system
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectId, id), eq(auditLog.action, 'area.update')))
      .orderBy(asc(auditLog.id))
      .limit(1);
    expect(entry.details).toEqual({ fields: ['name', 'population', 'geometry'], name: 'Baugebiet Ost' });
    expect((await t.as(owner, { method: 'DELETE', url: url(`/areas/${id}`) })).statusCode).toBe(204);
  });

  it("another municipality's area is not found, and stays unchanged", async () => {
    const other = await t.createTenant('nachbarort', 'Nachbarort');
    const otherOwner = await t.login('owner@nachbarort.test');
    const theirs = (await t.as(otherOwner, { method: 'POST', url: `/api/v1/tenants/${other.slug}/areas`, payload: area('Dorfkern') })).json();
    const res = await t.as(owner, { method: 'PATCH', url: url(`/areas/${theirs.id}`), payload: { name: 'Übernommen' } });
    expect(res.statusCode).toBe(404);
    const items = (await t.as(otherOwner, { method: 'GET', url: `/api/v1/tenants/${other.slug}/areas` })).json().items;
    expect(items.map((a: { name: string }) => a.name)).toEqual(['Dorfkern']);
  });
});

describe('coverage', () => {
  it('shows registered residents against population per street and area, lowest share first, with tenant totals', async () => {
    // a municipality of its own: the streets and areas counted are the ones made here, whatever ran before
    const town = await newTenant(t.deps);
    await t.deps.db.system.update(tenants).set({ population: 1000 }).where(eq(tenants.id, town.id));
    const listed = await streets(
      t.deps,
      town,
      'Straße;Hausnummern;PLZ;Einwohner\nBahnhofstraße;2-40 gerade;12345;80\nRingstraße;1-39 ungerade;12345;300\nRingstraße;;54321;\n',
    );
    await area(t.deps, town, 'Nord', { type: 'Polygon', coordinates: [box(10, 50, 10.1, 50.1)] }, 400);
    await area(t.deps, town, 'Süd', { type: 'MultiPolygon', coordinates: [[box(10, 49, 10.1, 49.1)]] }, 50);
    const reg = (phone: string, p: { streetId?: string; houseNumber?: string; lat?: number; lng?: number }) =>
      resident(t.deps, town, { phone, topics: [], ...p });
    for (let i = 0; i < 3; i++)
      await reg(`+49170200000${i}`, { streetId: listed.find((x) => x.name === 'Ringstraße' && x.postcode === '12345')!.id, houseNumber: String(i + 1) });
    await reg('+491702000010', { lat: 50.05, lng: 10.05 });
    await reg('+491702000011', { lat: 49.05, lng: 10.05 });
    await reg('+491702000012', { lat: 49.05, lng: 10.05 });
    const res = await t.as(await t.login(`owner@${town.slug}.test`), { method: 'GET', url: `/api/v1/tenants/${town.slug}/coverage` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.totals).toEqual({ registered: 6, population: 1000, share: 0.006 });
    const rows = body.items.map((r: { kind: string; name: string; registered: number; population: number | null; share: number | null }) => [
      r.kind,
      r.name,
      r.registered,
      r.population,
      r.share,
    ]);
    expect(rows.slice(0, 4)).toEqual([
      ['street', 'Bahnhofstraße', 0, 80, 0],
      ['area', 'Nord', 1, 400, 0.0025],
      ['street', 'Ringstraße', 3, 300, 0.01],
      ['area', 'Süd', 2, 50, 0.04],
    ]);
    expect(rows.at(-1)[4]).toBeNull(); // unknown population last
  });
});
