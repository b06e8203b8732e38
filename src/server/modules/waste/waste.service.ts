// The waste calendar's staff use cases: collection types, districts and schedules. Each change is checked, written
// and audited in one tenant transaction; after the commit the portal and the .ics feeds are told (waste.changed,
// portal.content). Saving a schedule replaces its expanded dates; manual and imported dates stay.
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  WasteDistrict,
  WasteSchedule,
  WasteType,
  wasteDistrictInput,
  wasteDistrictPatch,
  wasteScheduleInput,
  wasteTypeInput,
  wasteTypePatch,
} from '../../../common/contracts/waste.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import { wasteDistricts, wasteSchedules, wasteTypes } from '../../platform/db/schema.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import * as repo from './waste.repository.ts';
import { expandSchedule } from './schedule.ts';

/** Runs a change in the tenant's transaction, then tells the portal and the feeds (only after the commit). */
export async function changeWaste<T>(deps: AppDeps, tenant: TenantRow, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await deps.db.withTenant(tenant.id, fn);
  emit('waste.changed', { tenantId: tenant.id });
  emit('portal.content', { tenantId: tenant.id });
  return result;
}

const audit = (tx: Tx, tenant: TenantRow, actor: Actor, action: string, objectType: string, objectId: string, details: Record<string, unknown> = {}) =>
  recordAudit(tx, tenant.id, actor, { action, objectType, objectId, details });

const taken = (pointer: string, detail: string) => new AppError('conflict', `${detail}.`, [{ pointer, detail, code: 'taken' }]);

// ---------------------------------------------------------------------------------------------------------------
// Types

export async function listTypes(deps: AppDeps, tenant: TenantRow): Promise<WasteType[]> {
  return deps.db.withTenant(tenant.id, async (tx) => (await repo.listTypeRows(tx, tenant.id)).map(repo.presentType));
}

async function checkTypeCode(tx: Tx, tenantId: string, code: string, exceptId: string | null) {
  const same = (await repo.listTypeRows(tx, tenantId)).find((t) => t.code === code && t.id !== exceptId);
  if (same) throw taken('/body/code', 'is already the code of another waste type');
}

export async function createType(deps: AppDeps, actor: Actor, tenant: TenantRow, input: z.output<typeof wasteTypeInput>): Promise<WasteType> {
  return changeWaste(deps, tenant, async (tx) => {
    await checkTypeCode(tx, tenant.id, input.code, null);
    const [row] = await tx
      .insert(wasteTypes)
      .values({ ...input, tenantId: tenant.id })
      .returning();
    await audit(tx, tenant, actor, 'waste_type.created', 'waste_type', row.id, { code: row.code });
    return repo.presentType(row);
  });
}

export async function updateType(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, patch: z.output<typeof wasteTypePatch>): Promise<WasteType> {
  return changeWaste(deps, tenant, async (tx) => {
    if (!(await repo.findTypeRow(tx, tenant.id, id))) throw notFound('This waste type');
    if (patch.code !== undefined) await checkTypeCode(tx, tenant.id, patch.code, id);
    const [row] = await tx
      .update(wasteTypes)
      .set(patch)
      .where(and(eq(wasteTypes.tenantId, tenant.id), eq(wasteTypes.id, id)))
      .returning();
    await audit(tx, tenant, actor, 'waste_type.updated', 'waste_type', id, { fields: Object.keys(patch).sort() });
    return repo.presentType(row);
  });
}

/** Refused (409) while schedules or dates use the type: deactivate it instead. */
export async function deleteType(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string): Promise<void> {
  await changeWaste(deps, tenant, async (tx) => {
    const row = await repo.findTypeRow(tx, tenant.id, id);
    if (!row) throw notFound('This waste type');
    const used = await repo.usageOf(tx, tenant.id, 'type_id', id);
    if (used) throw new AppError('conflict', `This waste type has ${used} schedule(s) or date(s); deactivate it instead.`);
    await tx.delete(wasteTypes).where(and(eq(wasteTypes.tenantId, tenant.id), eq(wasteTypes.id, id)));
    await audit(tx, tenant, actor, 'waste_type.deleted', 'waste_type', id, { code: row.code });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Districts

export async function listDistricts(deps: AppDeps, tenant: TenantRow): Promise<WasteDistrict[]> {
  return deps.db.withTenant(tenant.id, (tx) => repo.listDistricts(tx, tenant.id));
}

async function checkDistrict(tx: Tx, tenantId: string, name: string | undefined, streetIds: string[] | undefined, exceptId: string | null) {
  if (name !== undefined && (await repo.listDistricts(tx, tenantId)).some((d) => d.name === name && d.id !== exceptId))
    throw taken('/body/name', 'is already the name of another district');
  const unknown = streetIds ? await repo.unknownStreets(tx, tenantId, streetIds) : [];
  if (unknown.length) {
    const at = streetIds?.indexOf(unknown[0]) ?? 0;
    throw invalid(`/body/streetIds/${at}`, 'is not a street of this municipality', 'not_found');
  }
}

export async function createDistrict(deps: AppDeps, actor: Actor, tenant: TenantRow, input: z.output<typeof wasteDistrictInput>): Promise<WasteDistrict> {
  return changeWaste(deps, tenant, async (tx) => {
    await checkDistrict(tx, tenant.id, input.name, input.streetIds, null);
    const [row] = await tx.insert(wasteDistricts).values({ tenantId: tenant.id, name: input.name }).returning({ id: wasteDistricts.id });
    await repo.setDistrictStreets(tx, tenant.id, row.id, input.streetIds);
    await audit(tx, tenant, actor, 'waste_district.created', 'waste_district', row.id, { name: input.name, streets: input.streetIds.length });
    const [district] = await repo.listDistricts(tx, tenant.id, row.id);
    return district;
  });
}

export async function updateDistrict(
  deps: AppDeps,
  actor: Actor,
  tenant: TenantRow,
  id: string,
  patch: z.output<typeof wasteDistrictPatch>,
): Promise<WasteDistrict> {
  return changeWaste(deps, tenant, async (tx) => {
    if (!(await repo.districtExists(tx, tenant.id, id))) throw notFound('This district');
    await checkDistrict(tx, tenant.id, patch.name, patch.streetIds, id);
    if (patch.name !== undefined)
      await tx
        .update(wasteDistricts)
        .set({ name: patch.name })
        .where(and(eq(wasteDistricts.tenantId, tenant.id), eq(wasteDistricts.id, id)));
    if (patch.streetIds) await repo.setDistrictStreets(tx, tenant.id, id, patch.streetIds);
    await audit(tx, tenant, actor, 'waste_district.updated', 'waste_district', id, { fields: Object.keys(patch).sort() });
    const [district] = await repo.listDistricts(tx, tenant.id, id);
    return district;
  });
}

/** Refused (409) while schedules or dates belong to the district. */
export async function deleteDistrict(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string): Promise<void> {
  await changeWaste(deps, tenant, async (tx) => {
    if (!(await repo.districtExists(tx, tenant.id, id))) throw notFound('This district');
    const used = await repo.usageOf(tx, tenant.id, 'district_id', id);
    if (used) throw new AppError('conflict', `This district has ${used} schedule(s) or date(s); delete those first.`);
    await repo.setDistrictStreets(tx, tenant.id, id, []);
    await tx.delete(wasteDistricts).where(and(eq(wasteDistricts.tenantId, tenant.id), eq(wasteDistricts.id, id)));
    await audit(tx, tenant, actor, 'waste_district.deleted', 'waste_district', id);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Schedules

const presentSchedule = (r: repo.ScheduleRow & { dates: number }): WasteSchedule => ({
  id: r.id,
  typeId: r.typeId,
  districtId: r.districtId,
  streetId: r.streetId,
  rrule: r.rrule ?? '',
  startsOn: r.startsOn,
  endsOn: r.endsOn,
  holidayShift: r.holidayShift,
  dates: r.dates,
});

/** The schedules as the list's body, `{ items }`. */
export async function listSchedules(deps: AppDeps, tenant: TenantRow): Promise<{ items: WasteSchedule[] }> {
  return { items: await deps.db.withTenant(tenant.id, async (tx) => (await repo.listScheduleRows(tx, tenant.id)).map(presentSchedule)) };
}

/** The type and the district or street must exist here (422 would hide a typo; these are 400 naming the field). */
export async function checkTarget(tx: Tx, tenantId: string, t: { typeId: string; districtId: string | null; streetId: string | null }) {
  if (!(await repo.findTypeRow(tx, tenantId, t.typeId))) throw invalid('/body/typeId', 'is not a waste type of this municipality', 'not_found');
  if (t.districtId && !(await repo.districtExists(tx, tenantId, t.districtId)))
    throw invalid('/body/districtId', 'is not a district of this municipality', 'not_found');
  if (t.streetId && (await repo.unknownStreets(tx, tenantId, [t.streetId])).length)
    throw invalid('/body/streetId', 'is not a street of this municipality', 'not_found');
}

/** Creates (id null) or replaces a schedule and its rule dates in one transaction. */
export async function saveSchedule(
  deps: AppDeps,
  actor: Actor,
  tenant: TenantRow,
  id: string | null,
  input: z.output<typeof wasteScheduleInput>,
): Promise<WasteSchedule> {
  const days = expandSchedule(input, tenant.federalState); // 422 before any write
  return changeWaste(deps, tenant, async (tx) => {
    if (id && !(await repo.listScheduleRows(tx, tenant.id, id)).length) throw notFound('This schedule');
    await checkTarget(tx, tenant.id, input);
    const values = { ...input, rrule: input.rrule.replace(/^RRULE:/i, ''), updatedAt: new Date() };
    const [row] = id
      ? await tx
          .update(wasteSchedules)
          .set(values)
          .where(and(eq(wasteSchedules.tenantId, tenant.id), eq(wasteSchedules.id, id)))
          .returning()
      : await tx
          .insert(wasteSchedules)
          .values({ ...values, tenantId: tenant.id })
          .returning();
    await repo.replaceRuleDates(tx, row, days);
    await audit(tx, tenant, actor, id ? 'waste_schedule.updated' : 'waste_schedule.created', 'waste_schedule', row.id, {
      rrule: values.rrule,
      dates: days.length,
    });
    const [full] = await repo.listScheduleRows(tx, tenant.id, row.id);
    return presentSchedule(full);
  });
}

/** Deletes the schedule with its rule dates (manual and imported dates stay). */
export async function deleteSchedule(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string): Promise<void> {
  await changeWaste(deps, tenant, async (tx) => {
    const [row] = await repo.listScheduleRows(tx, tenant.id, id);
    if (!row) throw notFound('This schedule');
    await repo.replaceRuleDates(tx, row, []);
    await tx.delete(wasteSchedules).where(and(eq(wasteSchedules.tenantId, tenant.id), eq(wasteSchedules.id, id)));
    await audit(tx, tenant, actor, 'waste_schedule.deleted', 'waste_schedule', id);
  });
}
