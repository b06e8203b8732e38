// The staff map of reports: points in a bounding box, or grid clusters past the point cap. PostgreSQL writes the answer
// as JSON text in the statement that reads the rows, so the route sends it as it comes: no row objects, no schema pass
// and no JSON.stringify on the event loop for a few hundred points per map move (issue 11, bench/reports.bench.ts).
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { REPORT_MAP_POINT_CAP, type ReportMap } from '../../../common/contracts/reports.ts';
import { OPEN_REPORT_STATUSES, type ReportStatus } from '../../../common/states.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/client.ts';
import { reports } from '../../platform/db/schema.ts';
import type { TenantRow } from '../../platform/tenancy.ts';

export interface MapQuery {
  bbox: string;
  status?: ReportStatus | 'open' | Array<ReportStatus | 'open'>;
  categoryId?: string;
}

/** The statuses asked for: 'open' stands for the three open ones; none asked: all. */
export function mapStatuses(status: MapQuery['status']): ReportStatus[] | null {
  if (!status) return null;
  const list = [status].flat();
  return [...new Set(list.flatMap((s) => (s === 'open' ? [...OPEN_REPORT_STATUSES] : [s])))];
}

/** The grid: a box cut into 16 × 16 cells. */
const GRID = 16;
const OPEN = sql.raw(OPEN_REPORT_STATUSES.map((s) => `'${s}'`).join(', '));

/**
 * The map's conditions, on the columns of reports_map_idx (tenant, status, lat, lng), compared with leakproof
 * operators, so the index answers under row-level security.
 */
export function mapWhere(tenantId: string, q: MapQuery): SQL {
  const [w, s, e, n] = q.bbox.split(',').map(Number);
  const statuses = mapStatuses(q.status);
  return and(
    eq(reports.tenantId, tenantId),
    statuses ? inArray(reports.status, statuses) : undefined,
    sql`${reports.lat} between ${s} and ${n}`,
    sql`${reports.lng} between ${w} and ${e}`,
    q.categoryId ? eq(reports.categoryId, q.categoryId) : undefined,
  ) as SQL;
}

/**
 * Reports in a bounding box as the JSON text of `ReportMap` (src/common/contracts/reports.ts). Up to the cap: the
 * points, in one statement; past it: grid clusters (count and mean position per cell) and the total, in a second.
 */
export async function reportMapJson(deps: AppDeps, tenant: TenantRow, q: MapQuery): Promise<string> {
  const [w, s, e, n] = q.bbox.split(',').map(Number);
  const where = mapWhere(tenant.id, q);
  return deps.db.withTenant(tenant.id, async (tx) => {
    // how many, up to one past the cap, from the index alone: a whole town never fetches rows it will not show. Every
    // field is a uuid, a number, a boolean or a status from a check constraint, so row_to_json escapes nothing, and
    // string_agg keeps the text as compact as JSON.stringify (json_agg puts a line break between elements).
    // Past the cap, set_config turns off sorting for the cluster statement that follows (this one is planned already):
    // the planner takes each cell expression for as many groups as rows and sorts them all, while hashing the few
    // (≤ 256) cells roughly halves the time for a whole town.
    const [first] = await queryRows<{ json: string | null }>(
      tx,
      sql`with n as (select count(*)::int as n from (select 1 from reports where ${where} limit ${REPORT_MAP_POINT_CAP + 1}) t)
        select case when n.n <= ${REPORT_MAP_POINT_CAP}
          then (select '{"points":[' || coalesce(string_agg(row_to_json(p)::text, ','), '') || '],"clusters":[],"total":' || count(*) || '}'
                  from (select id, number, lat, lng, status, category_id as "categoryId",
                               coalesce(status in (${OPEN}) and next_due_at < now(), false) as overdue
                          from reports where ${where}) p)
          else nullif(set_config('enable_sort', 'off', true), 'off') end as json
        from n`,
    );
    if (first?.json) return first.json;
    const cellLat = (n - s) / GRID;
    const cellLng = (e - w) / GRID;
    const [clustered] = await queryRows<{ json: string }>(
      tx,
      sql`select '{"points":[],"clusters":[' || coalesce(string_agg(row_to_json(c)::text, ','), '') || '],"total":' || coalesce(sum(c.count), 0) || '}' as json
        from (select avg(lat)::float8 as lat, avg(lng)::float8 as lng, count(*)::int as count from reports where ${where}
               group by floor((lat - ${s}::float8) / ${cellLat}::float8), floor((lng - ${w}::float8) / ${cellLng}::float8)) c`,
    );
    return clustered!.json;
  });
}

/** The map as an object (for callers inside the server and tests); the route sends `reportMapJson` unparsed. */
export async function reportMapQuery(deps: AppDeps, tenant: TenantRow, q: MapQuery): Promise<ReportMap> {
  return JSON.parse(await reportMapJson(deps, tenant, q)) as ReportMap;
}
