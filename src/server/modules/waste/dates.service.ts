// Collection dates by hand (add, move, delete with a note) and as lists: per district, per street (its own dates and
// its district's), and the street calendar the portal shows (the next dates per type).
import { and, eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { WasteDate, WasteStreetCalendar, wasteDateInput, wasteDatePatch } from '../../../common/contracts/waste.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { wasteDates } from '../../platform/db/schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { checkRange } from './schedule.ts';
import * as repo from './waste.repository.ts';
import { changeWaste, checkTarget } from './waste.service.ts';

const dateTaken = () =>
  new AppError('conflict', 'This type is already collected there on that day.', [
    { pointer: '/body/day', detail: 'already has a date of this type', code: 'taken' },
  ]);

export async function listDates(deps: AppDeps, tenant: TenantRow, filter: repo.DateFilter): Promise<WasteDate[]> {
  checkRange(filter.from, filter.to, '/querystring/to');
  return deps.db.withTenant(tenant.id, async (tx) => (await repo.listDateRows(tx, tenant.id, filter)).map(repo.presentDate));
}

export async function createDate(deps: AppDeps, actor: Actor, tenant: TenantRow, input: z.output<typeof wasteDateInput>): Promise<WasteDate> {
  return changeWaste(deps, tenant, async (tx) => {
    await checkTarget(tx, tenant.id, input);
    if (await repo.dateTaken(tx, tenant.id, input)) throw dateTaken();
    const [row] = await tx
      .insert(wasteDates)
      .values({ ...input, tenantId: tenant.id, source: 'manual' })
      .returning();
    await recordAudit(tx, tenant.id, actor, { action: 'waste_date.created', objectType: 'waste_date', objectId: row.id, details: { day: row.day } });
    return repo.presentDate(row);
  });
}

/** A moved date becomes a manual one (its schedule no longer replaces it); a new note alone keeps its source. */
export async function updateDate(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, patch: z.output<typeof wasteDatePatch>): Promise<WasteDate> {
  return changeWaste(deps, tenant, async (tx) => {
    const current = await repo.findDateRow(tx, tenant.id, id);
    if (!current) throw notFound('This collection date');
    const moved = patch.day !== undefined && patch.day !== current.day;
    if (moved && (await repo.dateTaken(tx, tenant.id, { ...current, day: patch.day as string }, id))) throw dateTaken();
    const [row] = await tx
      .update(wasteDates)
      .set({ ...patch, ...(moved ? { source: 'manual', scheduleId: null, shiftedFrom: current.shiftedFrom ?? current.day } : {}) })
      .where(and(eq(wasteDates.tenantId, tenant.id), eq(wasteDates.id, id)))
      .returning();
    await recordAudit(tx, tenant.id, actor, {
      action: 'waste_date.updated',
      objectType: 'waste_date',
      objectId: id,
      details: { from: current.day, to: row.day, fields: Object.keys(patch).sort() },
    });
    return repo.presentDate(row);
  });
}

export async function deleteDate(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string): Promise<void> {
  await changeWaste(deps, tenant, async (tx) => {
    const current = await repo.findDateRow(tx, tenant.id, id);
    if (!current) throw notFound('This collection date');
    await tx.delete(wasteDates).where(and(eq(wasteDates.tenantId, tenant.id), eq(wasteDates.id, id)));
    await recordAudit(tx, tenant.id, actor, { action: 'waste_date.deleted', objectType: 'waste_date', objectId: id, details: { day: current.day } });
  });
}

/** Today in the municipality's time zone ("YYYY-MM-DD"). */
export const todayIn = (tenant: TenantRow, now = new Date()) => DateTime.fromJSDate(now).setZone(tenant.timeZone).toISODate() ?? now.toISOString().slice(0, 10);

interface StreetHead {
  id: string;
  name: string;
  districtName: string | null;
}

async function streetHead(tx: Tx, tenantId: string, streetId: string): Promise<StreetHead | null> {
  const [row] = await queryRows<StreetHead>(
    tx,
    sql`select s.id, s.name, d.name as "districtName" from streets s
          left join waste_district_streets ds on ds.tenant_id = s.tenant_id and ds.street_id = s.id
          left join waste_districts d on d.tenant_id = s.tenant_id and d.id = ds.district_id
         where s.tenant_id = ${tenantId} and s.id = ${streetId}`,
  );
  return row ?? null;
}

/** The next `perType` dates of every active type for a street from `from` on (a year ahead); null for an unknown street. */
export async function streetCalendar(deps: AppDeps, tenant: TenantRow, streetId: string, from: string, perType = 3): Promise<WasteStreetCalendar | null> {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const head = await streetHead(tx, tenant.id, streetId);
    if (!head) return null;
    const to = DateTime.fromISO(from, { zone: 'utc' }).plus({ years: 1 }).toISODate() as string;
    const types = await repo.listTypeRows(tx, tenant.id);
    const dates = await repo.listDateRows(tx, tenant.id, { streetId, from, to });
    const active = types.filter((t) => t.active);
    return {
      streetId: head.id,
      streetName: head.name,
      districtName: head.districtName,
      types: active
        .map((t) => ({
          type: repo.presentType(t),
          next: dates
            .filter((d) => d.typeId === t.id)
            .slice(0, perType)
            .map((d) => ({ id: d.id, day: d.day, shiftedFrom: d.shiftedFrom, note: d.note })),
        }))
        .filter((e) => e.type.onRequest || e.next.length > 0),
    };
  });
}
