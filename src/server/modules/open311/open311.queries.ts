// The read side Open311 needs and the reports module does not offer: service requests in a date window (one query,
// newest first, capped), a token's request, and a place from the street directory for address_string / address_id.
// Read-only SQL in the tenant's transaction (row-level security), every statement also naming tenant_id for its index.
import { sql } from 'drizzle-orm';
import { OPEN_REPORT_STATUSES, type ReportStatus } from '../../../common/states.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { normalizeHouseNumber } from '../geo/index.ts';
import type { Open311Request } from './open311.map.ts';

/** The spec's cap on one answer ("first 1000 requests returned"). */
export const REQUEST_LIST_CAP = 1_000;

export interface RequestFilter {
  /** service_request_id: when given, the only filter (the spec says it overrides all others). */
  numbers?: number[];
  categoryCodes?: string[];
  statuses?: ReportStatus[];
  from: Date;
  to: Date;
}

/** What the list needs beside the filter: the municipality's time zone, and where its approved photos are public. */
export interface RequestContext {
  timeZone: string;
  /** A photo's public URL is `${photoUrl.prefix}${photoId}${photoUrl.suffix}`. */
  photoUrl: { prefix: string; suffix: string };
}

/**
 * Service requests of the tenant as the Open311 JSON list (text), newest first, at most REQUEST_LIST_CAP.
 * The requests are picked from reports alone in the order of reports_created_idx (a backward index scan that stops at
 * the cap), and only those are joined: sorting on a second column or joining first would read every report of the
 * 90-day window. The database writes the document itself (date-times in the municipality's zone by to_char): a
 * thousand rows handed over one by one cost several times more than one JSON text.
 */
export async function requestsDocument(tx: Tx, tenantId: string, f: RequestFilter, ctx: RequestContext): Promise<string> {
  let categoryIds: string[] | null = null;
  if (!f.numbers && f.categoryCodes) {
    const found = await queryRows<{ id: string }>(
      tx,
      sql`select id from report_categories where tenant_id = ${tenantId} and code = any(${sql.param(f.categoryCodes)}::text[])`,
    );
    if (!found.length) return '[]';
    categoryIds = found.map((c) => c.id);
  }
  const where = f.numbers
    ? sql`r.number = any(${sql.param(f.numbers)}::bigint[])`
    : sql.join(
        [
          sql`r.created_at >= ${f.from.toISOString()}::timestamptz and r.created_at <= ${f.to.toISOString()}::timestamptz`,
          f.statuses ? sql`r.status = any(${sql.param(f.statuses)}::text[])` : sql`true`,
          categoryIds ? sql`r.category_id = any(${sql.param(categoryIds)}::uuid[])` : sql`true`,
        ],
        sql` and `,
      );
  // to_char writes the session's zone offset: the municipality's, for this transaction only
  await tx.execute(sql`select set_config('TimeZone', ${ctx.timeZone}, true)`);
  const W3C = sql.raw(`'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM'`);
  const [row] = await queryRows<{ doc: string }>(
    tx,
    sql`with picked as (
          select r.tenant_id, r.id, r.number, r.status, r.reject_reason, r.category_id, r.description, r.department_id,
            r.created_at, r.updated_at, r.closed_at, r.expected_at, r.address, r.street_id, r.lat, r.lng
          from reports r
          where r.tenant_id = ${tenantId} and ${where}
          order by r.created_at desc
          limit ${REQUEST_LIST_CAP}
        ), joined as (
          select r.*, c.name as category_name, c.code as category_code, d.name as department_name, s.postcode,
            (select i.body from report_items i
              where i.tenant_id = r.tenant_id and i.report_id = r.id and i.kind = 'public'
              order by i.created_at desc limit 1) as public_comment,
            (select p.id from report_photos p
              where p.tenant_id = r.tenant_id and p.report_id = r.id and p.status = 'approved'
              order by p.position limit 1) as photo_id,
            r.status = any(${sql.param([...OPEN_REPORT_STATUSES])}::text[]) as is_open
          from picked r
          join report_categories c on c.tenant_id = r.tenant_id and c.id = r.category_id
          left join departments d on d.tenant_id = r.tenant_id and d.id = r.department_id
          left join streets s on s.tenant_id = r.tenant_id and s.id = r.street_id
        )
        select coalesce(json_agg(json_build_object(
            'service_request_id', r.number::text,
            'status', case when r.is_open then 'open' else 'closed' end,
            'status_notes', case when r.status = 'rejected' and r.reject_reason is not null then r.reject_reason else r.public_comment end,
            'service_name', r.category_name,
            'service_code', r.category_code,
            'description', nullif(r.description, ''),
            'agency_responsible', r.department_name,
            'service_notice', null,
            'requested_datetime', to_char(r.created_at, ${W3C}),
            'updated_datetime', to_char(case when r.is_open then r.updated_at else coalesce(r.closed_at, r.updated_at) end, ${W3C}),
            'expected_datetime', to_char(r.expected_at, ${W3C}),
            'address', nullif(r.address, ''),
            'address_id', r.street_id::text,
            -- the street's postcode, else one written in the address ("Hauptstraße 3, 44135 …")
            'zipcode', coalesce(nullif(r.postcode, ''), substring(r.address from '\\m(\\d{5})\\M')),
            'lat', r.lat,
            'long', r.lng,
            'media_url', ${ctx.photoUrl.prefix} || r.photo_id::text || ${ctx.photoUrl.suffix}
          ) order by r.created_at desc, r.number desc)::text, '[]') as doc
        from joined r`,
  );
  return row?.doc ?? '[]';
}

/** The same list as objects (the route parses it only for XML). */
export async function listRequests(tx: Tx, tenantId: string, f: RequestFilter, ctx?: RequestContext): Promise<Open311Request[]> {
  return JSON.parse(await requestsDocument(tx, tenantId, f, ctx ?? { timeZone: 'UTC', photoUrl: { prefix: '', suffix: '' } })) as Open311Request[];
}

/** The public number of the report an Open311 token names, or null. */
export async function numberOfToken(tx: Tx, tenantId: string, token: string): Promise<number | null> {
  const rows = await queryRows<{ number: string | number }>(tx, sql`select number from reports where tenant_id = ${tenantId} and token = ${token} limit 1`);
  return rows[0] ? Number(rows[0].number) : null;
}

/** A point of the street directory. */
export interface Place {
  lat: number;
  lng: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function pointOf(tx: Tx, tenantId: string, street: { id: string }, house: string): Promise<Place | null> {
  // the house's own point, else the street's, else the middle of the street's points
  const rows = await queryRows<{ lat: number | string; lng: number | string; house_number: string }>(
    tx,
    sql`select lat, lng, house_number from street_points
        where tenant_id = ${tenantId} and street_id = ${street.id} and house_number in (${house}, '')
        union all
        select avg(lat), avg(lng), '~' from street_points where tenant_id = ${tenantId} and street_id = ${street.id} having count(*) > 0`,
  );
  const hit = rows.find((r) => house && r.house_number === house) ?? rows.find((r) => r.house_number === '') ?? rows.find((r) => r.house_number === '~');
  return hit ? { lat: Number(hit.lat), lng: Number(hit.lng) } : null;
}

/** address_id: a street of the directory by its id (the id GET requests answers as address_id). */
export async function placeOfAddressId(tx: Tx, tenantId: string, addressId: string): Promise<Place | null> {
  if (!UUID.test(addressId)) return null;
  const rows = await queryRows<{ id: string; name: string; postcode: string }>(
    tx,
    sql`select id, name, postcode from streets where tenant_id = ${tenantId} and id = ${addressId}`,
  );
  return rows[0] ? pointOf(tx, tenantId, rows[0], '') : null;
}

/**
 * address_string: "Hauptstraße 3a, 12345 Musterstadt" → the street (by name, the postcode deciding between
 * namesakes) and the house's point when the directory has it. Null when no street of that name exists here.
 */
export async function placeOfAddressString(tx: Tx, tenantId: string, text: string): Promise<Place | null> {
  const [first = '', ...rest] = text.split(',').map((p) => p.trim());
  const postcode = /\b(\d{5})\b/.exec(rest.join(' '))?.[1] ?? null;
  const m = /^(.*?)\s+(\d+\s*[a-zA-Z]?(?:\s*[-/]\s*\d+\s*[a-zA-Z]?)?)$/.exec(first);
  const name = (m ? m[1] : first).trim();
  const house = m ? normalizeHouseNumber(m[2]) : '';
  if (!name || name.length > 200) return null;
  const rows = await queryRows<{ id: string; name: string; postcode: string }>(
    tx,
    sql`select id, name, postcode from streets
        where tenant_id = ${tenantId}
          and lower(replace(name, 'str.', 'straße')) = lower(replace(${name}, 'str.', 'straße'))
        order by (postcode = ${postcode ?? ''}) desc, postcode
        limit 1`,
  );
  return rows[0] ? pointOf(tx, tenantId, rows[0], house) : null;
}
