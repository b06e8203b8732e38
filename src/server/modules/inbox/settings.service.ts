// Inbox settings of a municipality: routing rules (the whole ordered list at once), business hours and deadlines,
// the federal state for public holidays, the departments' own hours and deadlines, and staff availability for
// round-robin. Every change is checked, written and audited in one tenant transaction.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { departmentInboxPatch, inboxRulesInput, inboxSettingsPatch } from '../../../common/contracts/inbox.ts';
import { DEFAULT_INBOX_SETTINGS, type InboxSettings, type OpeningHours, type Weekday } from '../../../common/opening-hours.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { TenantTx } from '../../platform/db/client.ts';
import { departments, inboxRules, memberships, staffUsers, tenants } from '../../platform/db/schema.ts';
import { AppError, type FieldError, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import type { TenantRow } from '../../platform/tenancy.ts';

const WEEKDAYS: Weekday[] = ['0', '1', '2', '3', '4', '5', '6'];

const fieldErrors = (errors: FieldError[]) => new AppError('validation_failed', 'The request has invalid fields.', errors);
const nothingToChange = () => fieldErrors([{ pointer: '/body', detail: 'change at least one field', code: 'empty_patch' }]);

/**
 * What the schema cannot say about opening hours: "24:xx" beyond midnight, and spans of one day that overlap
 * (a deadline counted twice in the overlap would be wrong). Pointers name the span, e.g. /body/openingHours/3/1.
 */
export function openingHoursErrors(hours: OpeningHours, base: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const day of WEEKDAYS) {
    const spans = hours[day] ?? [];
    spans.forEach(([from, to], i) => {
      if (from > '24:00' || to > '24:00') errors.push({ pointer: `${base}/${day}/${i}`, detail: 'a time lies after 24:00', code: 'invalid' });
    });
    const order = spans.map((s, i) => ({ from: s[0], to: s[1], i })).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.i - b.i));
    for (let k = 1; k < order.length; k++) {
      if (order[k].from < order[k - 1].to) {
        errors.push({ pointer: `${base}/${day}/${order[k].i}`, detail: `overlaps ${order[k - 1].from}–${order[k - 1].to} of the same day`, code: 'overlap' });
      }
    }
  }
  return errors;
}

/** The tenant's settings with the defaults filled in (a row written before a field existed lacks it). */
export function inboxSettingsOf(tenant: Pick<TenantRow, 'inboxSettings'>): InboxSettings {
  return { ...DEFAULT_INBOX_SETTINGS, ...(tenant.inboxSettings ?? {}) };
}

export function presentSettings(tenant: Pick<TenantRow, 'inboxSettings' | 'federalState'>) {
  const s = inboxSettingsOf(tenant);
  return {
    federalState: tenant.federalState,
    openingHours: s.openingHours,
    firstResponseHours: s.firstResponseHours,
    resolutionHours: s.resolutionHours,
    reminderMinutes: s.reminderMinutes,
    retentionDays: s.retentionDays,
  };
}

export async function getSettings(deps: AppDeps, tenant: TenantRow) {
  // re-read inside the tenant's wall: the request's row may predate a change made a moment ago by another process
  const [row] = await deps.db.withTenant(tenant.id, (tx) =>
    tx.select({ inboxSettings: tenants.inboxSettings, federalState: tenants.federalState }).from(tenants).where(eq(tenants.id, tenant.id)),
  );
  return presentSettings(row ?? tenant);
}

/** The fields a patch of the settings or of a department changes; refused when it changes none or its hours do not hold. */
function changedFields(patch: { openingHours?: unknown }): string[] {
  const fields = Object.entries(patch).flatMap(([k, v]) => (v === undefined ? [] : [k]));
  if (fields.length === 0) throw nothingToChange();
  if (patch.openingHours) {
    const errors = openingHoursErrors(patch.openingHours as OpeningHours, '/body/openingHours');
    if (errors.length) throw fieldErrors(errors);
  }
  return fields;
}

export async function patchSettings(deps: AppDeps, actor: Actor, tenant: TenantRow, patch: z.infer<typeof inboxSettingsPatch>) {
  const fields = changedFields(patch);
  const row = await deps.db.withTenant(tenant.id, async (tx) => {
    const [current] = await tx.select({ inboxSettings: tenants.inboxSettings }).from(tenants).where(eq(tenants.id, tenant.id)).for('update');
    const { federalState, ...rest } = patch;
    const next: InboxSettings = { ...inboxSettingsOf(current ?? tenant) };
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
    const [updated] = await tx
      .update(tenants)
      .set({ inboxSettings: next, ...(federalState ? { federalState } : {}), updatedAt: sql`now()` })
      .where(eq(tenants.id, tenant.id))
      .returning();
    await recordAudit(tx, tenant.id, actor, { action: 'inbox.settings_changed', objectType: 'tenant', objectId: tenant.id, details: { fields } });
    return updated;
  });
  emit('tenant.changed', { tenantId: tenant.id, slug: tenant.slug });
  return presentSettings(row);
}

// ---- routing rules ----

const presentRule = (r: typeof inboxRules.$inferSelect) => ({
  id: r.id,
  position: r.position,
  channel: r.channel,
  keyword: r.keyword,
  topic: r.topic,
  language: r.language,
  departmentId: r.departmentId,
});

export async function listRules(deps: AppDeps, tenant: TenantRow) {
  const rows = await deps.db.withTenant(tenant.id, (tx) => tx.select().from(inboxRules).orderBy(asc(inboxRules.position), asc(inboxRules.createdAt)));
  return { items: rows.map(presentRule) };
}

/** Replaces the ordered list in one go: a half-saved order would route messages by neither the old nor the new one. */
export async function replaceRules(deps: AppDeps, actor: Actor, tenant: TenantRow, input: z.infer<typeof inboxRulesInput>) {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const wanted = [...new Set(input.rules.map((r) => r.departmentId))];
    const known = wanted.length
      ? new Set((await tx.select({ id: departments.id }).from(departments).where(inArray(departments.id, wanted))).map((d) => d.id))
      : new Set();
    const errors: FieldError[] = [];
    input.rules.forEach((r, i) => {
      if (!known.has(r.departmentId))
        errors.push({ pointer: `/body/rules/${i}/departmentId`, detail: 'no such department in this municipality', code: 'not_found' });
    });
    if (errors.length) throw fieldErrors(errors);
    await tx.delete(inboxRules).where(eq(inboxRules.tenantId, tenant.id));
    const rows = input.rules.length
      ? await tx
          .insert(inboxRules)
          .values(
            input.rules.map((r, i) => ({
              tenantId: tenant.id,
              position: i,
              channel: r.channel ?? null,
              // keywords match the first word case-insensitively: stored in upper case, as clerks write them on posters
              keyword: r.keyword ? r.keyword.toUpperCase() : null,
              topic: r.topic ?? null,
              language: r.language ? r.language.toLowerCase() : null,
              departmentId: r.departmentId,
            })),
          )
          .returning()
      : [];
    await recordAudit(tx, tenant.id, actor, { action: 'inbox.rules_replaced', objectType: 'inbox_rules', details: { count: rows.length } });
    return { items: rows.sort((a, b) => a.position - b.position).map(presentRule) };
  });
}

// ---- departments and availability ----

type DepartmentRow = typeof departments.$inferSelect;
type Member = { departmentId: string | null; userId: string; name: string; email: string; available: boolean };

function presentDepartment(d: DepartmentRow, members: Member[]) {
  return {
    id: d.id,
    name: d.name,
    openingHours: d.openingHours ?? null,
    firstResponseHours: d.firstResponseHours ?? null,
    resolutionHours: d.resolutionHours ?? null,
    leadUserId: d.leadUserId ?? null,
    assignment: d.assignment,
    members: members.filter((m) => m.departmentId === d.id).map((m) => ({ userId: m.userId, name: m.name || m.email, available: m.available })),
  };
}

async function membersOf(tx: TenantTx): Promise<Member[]> {
  return tx
    .select({
      departmentId: memberships.departmentId,
      userId: memberships.userId,
      name: staffUsers.name,
      email: staffUsers.email,
      available: memberships.available,
    })
    .from(memberships)
    .innerJoin(staffUsers, eq(staffUsers.id, memberships.userId))
    .orderBy(asc(staffUsers.name), asc(staffUsers.email));
}

export async function listDepartments(deps: AppDeps, tenant: TenantRow) {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const rows = await tx.select().from(departments).orderBy(asc(departments.name));
    const members = await membersOf(tx);
    return { items: rows.map((d) => presentDepartment(d, members)) };
  });
}

export async function patchDepartment(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, patch: z.infer<typeof departmentInboxPatch>) {
  const fields = changedFields(patch);
  return deps.db.withTenant(tenant.id, async (tx) => {
    const [existing] = await tx.select().from(departments).where(eq(departments.id, id));
    if (!existing) throw notFound('This department');
    if (patch.leadUserId) {
      const [m] = await tx
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.tenantId, tenant.id), eq(memberships.userId, patch.leadUserId)));
      if (!m) throw fieldErrors([{ pointer: '/body/leadUserId', detail: 'is not a staff member of this municipality', code: 'not_found' }]);
    }
    const values: Partial<DepartmentRow> = {};
    if (patch.openingHours !== undefined) values.openingHours = patch.openingHours as OpeningHours | null;
    if (patch.firstResponseHours !== undefined) values.firstResponseHours = patch.firstResponseHours;
    if (patch.resolutionHours !== undefined) values.resolutionHours = patch.resolutionHours;
    if (patch.leadUserId !== undefined) values.leadUserId = patch.leadUserId;
    if (patch.assignment !== undefined) values.assignment = patch.assignment;
    const [updated] = await tx.update(departments).set(values).where(eq(departments.id, id)).returning();
    await recordAudit(tx, tenant.id, actor, { action: 'inbox.department_changed', objectType: 'department', objectId: id, details: { fields } });
    return presentDepartment(updated, await membersOf(tx));
  });
}

/** One's own switch: while off, round-robin passes one over (holidays, sick leave); conversations already held stay. */
export async function setAvailability(deps: AppDeps, actor: Actor, tenant: TenantRow, available: boolean) {
  if (!actor.userId) throw notFound('This membership');
  await deps.db.withTenant(tenant.id, async (tx) => {
    const rows = await tx
      .update(memberships)
      .set({ available })
      .where(and(eq(memberships.tenantId, tenant.id), eq(memberships.userId, actor.userId as string)))
      .returning({ userId: memberships.userId });
    if (rows.length === 0) throw notFound('This membership');
    await recordAudit(tx, tenant.id, actor, { action: 'inbox.availability_changed', objectType: 'membership', objectId: actor.userId, details: { available } });
  });
}
