// SQL of the waste calendar. Every function takes the tenant transaction (row-level security is the second wall) and
// the tenant id for the indexes. Days travel as "YYYY-MM-DD" text (raw queries cast them; drizzle maps string mode).
import { and, asc, eq, sql } from 'drizzle-orm';
import type { WasteDate, WasteDistrict, WasteType } from '../../../common/contracts/waste.ts';
import type { WasteDateSource } from '../../../common/states.ts';
import { executeCount, queryRows, type Tx } from '../../platform/db/client.ts';
import { wasteDates, wasteDistricts, wasteDistrictStreets, wasteSchedules, wasteTypes } from '../../platform/db/schema.ts';

export type TypeRow = typeof wasteTypes.$inferSelect;
export type ScheduleRow = typeof wasteSchedules.$inferSelect;
export type DateRow = typeof wasteDates.$inferSelect;

export const presentType = (r: TypeRow): WasteType => ({
  id: r.id,
  code: r.code,
  name: r.name,
  color: r.color,
  onRequest: r.onRequest,
  info: r.info,
  position: r.position,
  active: r.active,
});

export const presentDate = (r: DateRow): WasteDate => ({
  id: r.id,
  typeId: r.typeId,
  districtId: r.districtId,
  streetId: r.streetId,
  scheduleId: r.scheduleId,
  day: r.day,
  shiftedFrom: r.shiftedFrom,
  source: r.source as WasteDateSource,
  note: r.note,
});

export async function listTypeRows(tx: Tx, tenantId: string): Promise<TypeRow[]> {
  return tx.select().from(wasteTypes).where(eq(wasteTypes.tenantId, tenantId)).orderBy(asc(wasteTypes.position), asc(wasteTypes.name));
}

type WasteTable = typeof wasteTypes | typeof wasteDistricts | typeof wasteDates;

/** A row of a waste type, district or date by id; null when the municipality has none. */
async function findRow<T extends WasteTable>(tx: Tx, table: T, tenantId: string, id: string): Promise<T['$inferSelect'] | null> {
  const [row] = await tx
    .select()
    .from(table as WasteTable)
    .where(and(eq(table.tenantId, tenantId), eq(table.id, id)));
  return (row as T['$inferSelect'] | undefined) ?? null;
}

export const findTypeRow = (tx: Tx, tenantId: string, id: string) => findRow(tx, wasteTypes, tenantId, id);

/** How many schedules and dates use a type, district or street (a used type or district is deactivated, not deleted). */
export async function usageOf(tx: Tx, tenantId: string, column: 'type_id' | 'district_id', id: string): Promise<number> {
  const col = sql.raw(column);
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`select ((select count(*) from waste_schedules where tenant_id = ${tenantId} and ${col} = ${id})
              + (select count(*) from waste_dates where tenant_id = ${tenantId} and ${col} = ${id}))::int as n`,
  );
  return row?.n ?? 0;
}

export async function listDistricts(tx: Tx, tenantId: string, id?: string): Promise<WasteDistrict[]> {
  return queryRows<WasteDistrict>(
    tx,
    sql`select d.id, d.name,
               coalesce((select json_agg(s.street_id order by s.street_id) from waste_district_streets s
                          where s.tenant_id = d.tenant_id and s.district_id = d.id), '[]'::json) as "streetIds"
          from waste_districts d
         where d.tenant_id = ${tenantId} ${id ? sql`and d.id = ${id}` : sql``}
         order by d.name`,
  );
}

/** The district's streets become exactly `streetIds`; a street in another district moves here (one district per street). */
export async function setDistrictStreets(tx: Tx, tenantId: string, districtId: string, streetIds: string[]): Promise<void> {
  await tx.delete(wasteDistrictStreets).where(and(eq(wasteDistrictStreets.tenantId, tenantId), eq(wasteDistrictStreets.districtId, districtId)));
  if (!streetIds.length) return;
  await executeCount(tx, sql`delete from waste_district_streets where tenant_id = ${tenantId} and street_id = any(${sql.param(streetIds)}::uuid[])`);
  await tx.insert(wasteDistrictStreets).values(streetIds.map((streetId) => ({ tenantId, districtId, streetId })));
}

/** The ids among `ids` that are not streets of this municipality. */
export async function unknownStreets(tx: Tx, tenantId: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const found = await queryRows<{ id: string }>(tx, sql`select id from streets where tenant_id = ${tenantId} and id = any(${sql.param(ids)}::uuid[])`);
  const known = new Set(found.map((r) => r.id));
  return ids.filter((id) => !known.has(id));
}

export const districtExists = async (tx: Tx, tenantId: string, id: string) => !!(await findRow(tx, wasteDistricts, tenantId, id));

export async function listScheduleRows(tx: Tx, tenantId: string, id?: string): Promise<Array<ScheduleRow & { dates: number }>> {
  const rows = await tx
    .select()
    .from(wasteSchedules)
    .where(and(eq(wasteSchedules.tenantId, tenantId), id ? eq(wasteSchedules.id, id) : undefined))
    .orderBy(asc(wasteSchedules.createdAt));
  if (!rows.length) return [];
  const counts = await queryRows<{ id: string; n: number }>(
    tx,
    sql`select schedule_id as id, count(*)::int as n from waste_dates
         where tenant_id = ${tenantId} and schedule_id = any(${sql.param(rows.map((r) => r.id))}::uuid[]) group by schedule_id`,
  );
  const byId = new Map(counts.map((c) => [c.id, c.n]));
  return rows.map((r) => ({ ...r, dates: byId.get(r.id) ?? 0 }));
}

/** A schedule's rule dates become exactly `days`; a day that already has a manual or imported date of the same type there stays as it is. */
export async function replaceRuleDates(
  tx: Tx,
  s: Pick<ScheduleRow, 'tenantId' | 'id' | 'typeId' | 'districtId' | 'streetId'>,
  days: Array<{ day: string; shiftedFrom: string | null }>,
): Promise<void> {
  await tx.delete(wasteDates).where(and(eq(wasteDates.tenantId, s.tenantId), eq(wasteDates.scheduleId, s.id), eq(wasteDates.source, 'rule')));
  if (!days.length) return;
  await tx
    .insert(wasteDates)
    .values(
      days.map((d) => ({
        tenantId: s.tenantId,
        typeId: s.typeId,
        districtId: s.districtId,
        streetId: s.streetId,
        scheduleId: s.id,
        day: d.day,
        shiftedFrom: d.shiftedFrom,
        source: 'rule',
      })),
    )
    .onConflictDoNothing();
}

export interface DateFilter {
  streetId?: string;
  districtId?: string;
  typeId?: string;
  from: string;
  to: string;
}

/** Dates of a district, or of a street (its own and its district's), in day order. */
export async function listDateRows(tx: Tx, tenantId: string, f: DateFilter): Promise<DateRow[]> {
  const target = f.streetId
    ? sql`(${wasteDates.streetId} = ${f.streetId} or ${wasteDates.districtId} = (select district_id from waste_district_streets
            where tenant_id = ${tenantId} and street_id = ${f.streetId}))`
    : sql`${wasteDates.districtId} = ${f.districtId ?? null}`;
  return tx
    .select()
    .from(wasteDates)
    .where(
      and(
        eq(wasteDates.tenantId, tenantId),
        target,
        sql`${wasteDates.day} between ${f.from} and ${f.to}`,
        f.typeId ? eq(wasteDates.typeId, f.typeId) : undefined,
      ),
    )
    .orderBy(asc(wasteDates.day), asc(wasteDates.typeId))
    .limit(5000);
}

export const findDateRow = (tx: Tx, tenantId: string, id: string) => findRow(tx, wasteDates, tenantId, id);

/** Whether a date of this type already exists for the district or street on that day (the unique index's key). */
export async function dateTaken(
  tx: Tx,
  tenantId: string,
  d: { typeId: string; districtId: string | null; streetId: string | null; day: string },
  exceptId?: string,
): Promise<boolean> {
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`select id from waste_dates where tenant_id = ${tenantId} and type_id = ${d.typeId}
           and coalesce(district_id, street_id) = ${d.districtId ?? d.streetId} and day = ${d.day}
           ${exceptId ? sql`and id <> ${exceptId}` : sql``} limit 1`,
  );
  return !!row;
}

/**
 * Every street with a collection on `day` (its own dates plus its district's) and which active types, in one
 * statement: the reminders job asks this once per evening for the whole municipality.
 */
export async function collectionsOn(tx: Tx, tenantId: string, day: string): Promise<Array<{ streetId: string; typeIds: string[] }>> {
  return queryRows<{ streetId: string; typeIds: string[] }>(
    tx,
    sql`select c.street_id as "streetId", json_agg(distinct c.type_id) as "typeIds"
          from (select d.street_id, d.type_id from waste_dates d
                 where d.tenant_id = ${tenantId} and d.day = ${day} and d.street_id is not null
                union all
                select s.street_id, d.type_id from waste_dates d
                  join waste_district_streets s on s.tenant_id = d.tenant_id and s.district_id = d.district_id
                 where d.tenant_id = ${tenantId} and d.day = ${day} and d.district_id is not null) c
          join waste_types t on t.tenant_id = ${tenantId} and t.id = c.type_id and t.active
         group by c.street_id`,
  );
}

/** The street directory for the portal's select, by name (the postcode tells apart streets of the same name). */
export async function streetOptions(tx: Tx, tenantId: string): Promise<Array<{ id: string; name: string; postcode: string }>> {
  return queryRows(tx, sql`select id, name, postcode from streets where tenant_id = ${tenantId} order by name, postcode limit 5000`);
}
