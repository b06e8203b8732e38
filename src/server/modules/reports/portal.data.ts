// The small reads the portal's report pages need beside the service and the read side: the street directory as a
// select and a search (a pin without JavaScript), the town's centre for the map, a report's public history, and who
// filed it (the reopen form is the reporter's alone). No personal data leaves these functions.
import { isReopenKey } from './reopen-key.ts';
import { sql } from 'drizzle-orm';
import type { ReportStatus } from '../../../common/states.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/client.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { normalizeHouseNumber } from '../geo/index.ts';

/** A street select with more entries than this is cut (a big city finds its street by the search with JavaScript). */
export const STREET_SELECT_MAX = 3000;
export const ADDRESS_SEARCH_MAX = 10;

export interface StreetOption {
  id: string;
  label: string;
}

export async function streetOptions(deps: AppDeps, tenant: TenantRow): Promise<StreetOption[]> {
  const rows = await deps.db.withTenant(tenant.id, (tx) =>
    queryRows<{ id: string; name: string; postcode: string }>(
      tx,
      sql`select id, name, postcode from streets where tenant_id = ${tenant.id} order by name, postcode limit ${STREET_SELECT_MAX}`,
    ),
  );
  // the postcode tells apart two streets of one name (a town with several districts)
  const names = new Map<string, number>();
  for (const r of rows) names.set(r.name, (names.get(r.name) ?? 0) + 1);
  return rows.map((r) => ({ id: r.id, label: (names.get(r.name) ?? 0) > 1 && r.postcode ? `${r.name} (${r.postcode})` : r.name }));
}

export interface Located {
  lat: number;
  lng: number;
  address: string;
}

/** A street of the directory and a house number → its point; without the number's point, the street's own or its middle. */
export async function locateAddress(deps: AppDeps, tenant: TenantRow, streetId: string, houseNumber: string): Promise<Located | null> {
  const hn = normalizeHouseNumber(houseNumber);
  const rows = await deps.db.withTenant(tenant.id, (tx) =>
    queryRows<{ name: string; lat: number | null; lng: number | null; exact: boolean }>(
      tx,
      sql`select s.name,
                 coalesce(max(p.lat) filter (where p.house_number = ${hn}), max(p.lat) filter (where p.house_number = ''), avg(p.lat)) as lat,
                 coalesce(max(p.lng) filter (where p.house_number = ${hn}), max(p.lng) filter (where p.house_number = ''), avg(p.lng)) as lng,
                 bool_or(p.house_number = ${hn}) as exact
            from streets s left join street_points p on p.tenant_id = s.tenant_id and p.street_id = s.id
           where s.tenant_id = ${tenant.id} and s.id = ${streetId}
           group by s.name`,
    ),
  );
  const row = rows[0];
  if (!row || row.lat === null || row.lng === null) return null;
  const number = houseNumber.trim();
  return { lat: Number(row.lat), lng: Number(row.lng), address: number ? `${row.name} ${number}` : row.name };
}

/** "Hauptstr 3" → streets whose name contains the words (prefix matches first), at the house number's point when known. */
export async function searchAddresses(deps: AppDeps, tenant: TenantRow, q: string): Promise<Array<{ label: string; lat: number; lng: number }>> {
  const m = /^(.*?)(?:\s+(\d+\s*[a-zA-Z]?))?$/.exec(q.trim());
  const name = (m?.[1] ?? q).trim();
  const typed = m?.[2]?.trim() ?? '';
  const number = normalizeHouseNumber(typed);
  if (name.length < 2) return [];
  const escaped = name.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = await deps.db.withTenant(tenant.id, (tx) =>
    queryRows<{ name: string; postcode: string; exact: boolean; lat: number; lng: number }>(
      tx,
      sql`select s.name, s.postcode, coalesce(bool_or(p.house_number = ${number} and ${number} <> ''), false) as exact,
                 coalesce(max(p.lat) filter (where p.house_number = ${number}), max(p.lat) filter (where p.house_number = ''), avg(p.lat)) as lat,
                 coalesce(max(p.lng) filter (where p.house_number = ${number}), max(p.lng) filter (where p.house_number = ''), avg(p.lng)) as lng
            from streets s join street_points p on p.tenant_id = s.tenant_id and p.street_id = s.id
           where s.tenant_id = ${tenant.id} and s.name ilike ${`%${escaped}%`}
           group by s.id, s.name, s.postcode
           order by (s.name ilike ${`${escaped}%`}) desc, s.name, s.postcode
           limit ${ADDRESS_SEARCH_MAX}`,
    ),
  );
  return rows.map((r) => ({
    label: `${r.name}${r.exact ? ` ${typed}` : ''}${r.postcode ? `, ${r.postcode}` : ''}`,
    lat: Number(r.lat),
    lng: Number(r.lng),
  }));
}

/** Where the map starts: the middle of the street directory's points, or null (the map then shows Germany). */
export async function townCentre(deps: AppDeps, tenant: TenantRow): Promise<{ lat: number; lng: number } | null> {
  const [row] = await deps.db.withTenant(tenant.id, (tx) =>
    queryRows<{ lat: number | null; lng: number | null }>(
      tx,
      sql`select (min(lat) + max(lat)) / 2 as lat, (min(lng) + max(lng)) / 2 as lng from street_points where tenant_id = ${tenant.id}`,
    ),
  );
  return row && row.lat !== null && row.lng !== null ? { lat: Number(row.lat), lng: Number(row.lng) } : null;
}

export interface ReportRef {
  id: string;
  number: number;
  status: ReportStatus;
  closedAt: Date | null;
  /** The signed-in resident asked about filed it, or the visitor holds the reporter's reopen key. */
  isReporter: boolean;
  /** The valid reopen key the visitor came with (carried in the reopen form). */
  reopenKey: string | null;
}

/** The report with this number in this tenant, and whether `residentId` filed it. */
/**
 * The report behind a number, and whether the visitor filed it: the signed-in resident who did, or whoever holds the
 * reopen key from the "resolved" message of a reporter known by address only.
 */
export async function reportRef(
  deps: AppDeps,
  tenant: TenantRow,
  number: number,
  residentId: string | null,
  key: string | null = null,
): Promise<ReportRef | null> {
  if (!Number.isSafeInteger(number) || number < 1) return null;
  const [row] = await deps.db.withTenant(tenant.id, (tx) =>
    queryRows<{ id: string; number: number; status: ReportStatus; closedAt: Date | null; residentId: string | null; contactHash: string | null }>(
      tx,
      sql`select id, number, status, closed_at as "closedAt", resident_id as "residentId", contact_hash as "contactHash"
            from reports where tenant_id = ${tenant.id} and number = ${number}`,
    ),
  );
  if (!row) return null;
  const closedAt = row.closedAt ? new Date(row.closedAt) : null;
  const byAccount = residentId !== null && row.residentId === residentId;
  const byKey = !byAccount && row.residentId === null && isReopenKey(deps.config.secretKey, row.id, row.contactHash, key);
  return { id: row.id, number: Number(row.number), status: row.status, closedAt, isReporter: byAccount || byKey, reopenKey: byKey ? key : null };
}

export interface HistoryStep {
  status: ReportStatus;
  at: Date;
  reopened: boolean;
}

/** The report's status over time, as the public may see it: filed, each status change and reopening (no names, no reasons). */
export async function statusHistory(deps: AppDeps, tenant: TenantRow, reportId: string): Promise<HistoryStep[]> {
  const rows = await deps.db.withTenant(tenant.id, (tx) =>
    queryRows<{ event: Record<string, unknown>; createdAt: Date }>(
      tx,
      sql`select event, created_at as "createdAt" from report_items
           where tenant_id = ${tenant.id} and report_id = ${reportId} and kind = 'event'
             and event->>'type' in ('filed', 'status', 'reopened')
           order by created_at, id`,
    ),
  );
  const steps: HistoryStep[] = [];
  for (const r of rows) {
    const type = r.event.type;
    const to = type === 'filed' ? 'received' : (r.event.to ?? r.event.status);
    if (typeof to !== 'string') continue;
    steps.push({ status: to as ReportStatus, at: new Date(r.createdAt), reopened: type === 'reopened' });
  }
  return steps;
}
