// Coverage: registered residents (active follows) against population, per street, per area and for the tenant.
import { sql } from 'drizzle-orm';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/client.ts';
import { areas, tenants } from '../../platform/db/schema.ts';
import { type AreaGeometry, boundingBox, pointInPolygon } from './geometry.ts';

export interface CoverageRow {
  kind: 'street' | 'area';
  id: string;
  name: string;
  postcode?: string;
  registered: number;
  population: number | null;
  /** registered ÷ population, null while the population is unknown. */
  share: number | null;
}

const shareOf = (registered: number, population: number | null) => (population ? Math.round((registered / population) * 10_000) / 10_000 : null);

/** Sorted by lowest share first (where to recruit); places without a population come last. */
export async function coverage(deps: AppDeps, tenantId: string) {
  return deps.db.withTenant(tenantId, async (tx) => {
    const [tenant] = await tx.select({ population: tenants.population }).from(tenants).where(sql`${tenants.id} = ${tenantId}`);
    const streetRows = await queryRows<{ id: string; name: string; postcode: string; population: number | null; registered: number }>(
      tx,
      sql`
      select s.id, s.name, s.postcode, s.population, count(f.id)::int as registered
        from streets s left join follows f on f.street_id = s.id and f.status = 'active'
       group by s.id, s.name, s.postcode, s.population`,
    );
    const areaRows = await tx.select({ id: areas.id, name: areas.name, geometry: areas.geometry, population: areas.population }).from(areas);
    const points = await queryRows<{ lat: number; lng: number }>(
      tx,
      sql`select lat, lng from follows where status = 'active' and lat is not null and lng is not null`,
    );
    const [{ n: total }] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from follows where status = 'active'`);
    const rows: CoverageRow[] = streetRows.map((s) => ({
      kind: 'street',
      id: s.id,
      name: s.name,
      postcode: s.postcode,
      registered: s.registered,
      population: s.population,
      share: shareOf(s.registered, s.population),
    }));
    for (const a of areaRows) {
      const g = a.geometry as unknown as AreaGeometry;
      const b = boundingBox(g);
      const registered = points.filter(
        (p) => p.lat >= b.minLat && p.lat <= b.maxLat && p.lng >= b.minLng && p.lng <= b.maxLng && pointInPolygon(p.lat, p.lng, g),
      ).length;
      rows.push({ kind: 'area', id: a.id, name: a.name, registered, population: a.population, share: shareOf(registered, a.population) });
    }
    rows.sort((x, y) => (x.share ?? Number.POSITIVE_INFINITY) - (y.share ?? Number.POSITIVE_INFINITY) || x.name.localeCompare(y.name));
    const population = tenant?.population ?? null;
    return { totals: { registered: total, population, share: shareOf(total, population) }, items: rows };
  });
}
