// Report categories (also the Open311 service definitions): the responsible department, deadlines, extra fields and
// forwarding to a back office. Every change is audited in its transaction; the forward API key is sealed like the
// delivery providers' secrets and never answered (only whether one is set).
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ReportCategory, reportCategoryInput, reportCategoryPatch } from '../../../common/contracts/reports.ts';
import { OPEN_REPORT_STATUSES } from '../../../common/states.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import { decryptSecret, encryptSecret } from '../../platform/auth/crypto.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { reportCategories } from '../../platform/db/schema.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';

type CategoryRow = typeof reportCategories.$inferSelect;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const openList = sql.raw(OPEN_REPORT_STATUSES.map((s) => `'${s}'`).join(', '));

interface ListedRow {
  id: string;
  departmentName: string | null;
  openReports: number;
}

async function categoryRows(tx: Tx, where: ReturnType<typeof sql>): Promise<Array<CategoryRow & { departmentName: string | null; openReports: number }>> {
  const base = await tx.select().from(reportCategories).where(where).orderBy(reportCategories.position, reportCategories.name);
  if (!base.length) return [];
  const extra = await queryRows<ListedRow>(
    tx,
    sql`select c.id, d.name as "departmentName",
               (select count(*)::int from reports r where r.tenant_id = c.tenant_id and r.category_id = c.id and r.status in (${openList})) as "openReports"
          from report_categories c left join departments d on d.tenant_id = c.tenant_id and d.id = c.department_id
         where c.id = any(${sql.param(base.map((b) => b.id))}::uuid[])`,
  );
  const byId = new Map(extra.map((e) => [e.id, e]));
  return base.map((b) => ({ ...b, departmentName: byId.get(b.id)?.departmentName ?? null, openReports: byId.get(b.id)?.openReports ?? 0 }));
}

function present(row: CategoryRow & { departmentName: string | null; openReports: number }): ReportCategory {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    description: row.description,
    groupName: row.groupName,
    departmentId: row.departmentId,
    departmentName: row.departmentName,
    resolutionHours: row.resolutionHours,
    firstResponseHours: row.firstResponseHours,
    autoReply: row.autoReply,
    fields: row.fields.map((f) => ({
      code: f.code,
      datatype: f.datatype,
      label: f.label,
      ...(f.description ? { description: f.description } : {}),
      required: f.required,
      ...(f.values ? { values: f.values } : {}),
    })),
    keywords: row.keywords,
    active: row.active,
    position: row.position,
    forwardUrl: row.forwardUrl,
    forwardServiceCode: row.forwardServiceCode,
    forwardJurisdictionId: row.forwardJurisdictionId,
    forwardApiKeySet: !!row.forwardApiKeyEnc,
    openReports: row.openReports,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A category row (in the caller's transaction) by id or Open311 code. */
export async function findCategoryRow(tx: Tx, idOrCode: string): Promise<CategoryRow | null> {
  const where = UUID.test(idOrCode) ? sql`${reportCategories.id} = ${idOrCode}` : sql`${reportCategories.code} = ${idOrCode.trim().toLowerCase()}`;
  const [row] = await tx.select().from(reportCategories).where(where).limit(1);
  return row ?? null;
}

export async function listCategories(deps: AppDeps, tenant: TenantRow, opts: { activeOnly?: boolean } = {}): Promise<ReportCategory[]> {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const rows = await categoryRows(tx, opts.activeOnly ? sql`${reportCategories.active}` : sql`true`);
    return rows.map(present);
  });
}

export async function getCategory(deps: AppDeps, tenant: TenantRow, idOrCode: string): Promise<ReportCategory | null> {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const row = await findCategoryRow(tx, idOrCode);
    if (!row) return null;
    const [full] = await categoryRows(tx, sql`${reportCategories.id} = ${row.id}`);
    return full ? present(full) : null;
  });
}

async function checkDepartment(tx: Tx, departmentId: string | null | undefined) {
  if (!departmentId) return;
  const [d] = await queryRows<{ id: string }>(tx, sql`select id from departments where id = ${departmentId}`);
  if (!d) throw invalid('/body/departmentId', 'is not a department of this municipality', 'not_found');
}

async function checkCode(tx: Tx, code: string, exceptId: string | null) {
  const [other] = await queryRows<{ id: string }>(
    tx,
    sql`select id from report_categories where code = ${code} ${exceptId ? sql`and id <> ${exceptId}` : sql``}`,
  );
  if (other)
    throw new AppError('conflict', 'Another category already has this code.', [
      { pointer: '/body/code', detail: 'is already the code of another category', code: 'taken' },
    ]);
}

/** The columns a category input sets (the API key sealed; absent key = unchanged, null = removed). */
type CategoryChange = Omit<Partial<z.output<typeof reportCategoryInput>>, 'forwardApiKey'> & { forwardApiKey?: string | null };

function columnsOf(deps: AppDeps, input: CategoryChange) {
  const { forwardApiKey, ...rest } = input;
  const cols: Partial<typeof reportCategories.$inferInsert> = { ...rest };
  if (forwardApiKey !== undefined) cols.forwardApiKeyEnc = forwardApiKey ? encryptSecret(deps.config.secretKey, forwardApiKey) : null;
  return cols;
}

/** Which fields changed, for the audit log (never the key itself). */
const auditFields = (input: Record<string, unknown>) => Object.keys(input).sort();

export async function createCategory(deps: AppDeps, actor: Actor, tenant: TenantRow, input: z.output<typeof reportCategoryInput>): Promise<ReportCategory> {
  return deps.db.withTenant(tenant.id, async (tx) => {
    await checkDepartment(tx, input.departmentId);
    await checkCode(tx, input.code, null);
    const [row] = await tx
      .insert(reportCategories)
      .values({ ...(columnsOf(deps, input) as typeof reportCategories.$inferInsert), tenantId: tenant.id })
      .returning({ id: reportCategories.id });
    await recordAudit(tx, tenant.id, actor, {
      action: 'report_category.created',
      objectType: 'report_category',
      objectId: row.id,
      details: { code: input.code, name: input.name, fields: auditFields(input) },
    });
    const [full] = await categoryRows(tx, sql`${reportCategories.id} = ${row.id}`);
    return present(full);
  });
}

export async function updateCategory(
  deps: AppDeps,
  actor: Actor,
  tenant: TenantRow,
  id: string,
  patch: z.output<typeof reportCategoryPatch>,
): Promise<ReportCategory> {
  if (!UUID.test(id)) throw notFound('This category');
  return deps.db.withTenant(tenant.id, async (tx) => {
    const [current] = await tx.select({ id: reportCategories.id }).from(reportCategories).where(sql`${reportCategories.id} = ${id}`).for('update');
    if (!current) throw notFound('This category');
    if (patch.departmentId !== undefined) await checkDepartment(tx, patch.departmentId);
    if (patch.code !== undefined) await checkCode(tx, patch.code, id);
    await tx
      .update(reportCategories)
      .set({ ...columnsOf(deps, patch as CategoryChange), updatedAt: new Date() })
      .where(sql`${reportCategories.id} = ${id}`);
    await recordAudit(tx, tenant.id, actor, {
      action: 'report_category.updated',
      objectType: 'report_category',
      objectId: id,
      details: { fields: auditFields(patch) },
    });
    const [full] = await categoryRows(tx, sql`${reportCategories.id} = ${id}`);
    return present(full);
  });
}

/** Refused (409) while any report belongs to the category: deactivate it instead, so the reports keep their category. */
export async function deleteCategory(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string): Promise<void> {
  if (!UUID.test(id)) throw notFound('This category');
  await deps.db.withTenant(tenant.id, async (tx) => {
    const [row] = await tx.select().from(reportCategories).where(sql`${reportCategories.id} = ${id}`).for('update');
    if (!row) throw notFound('This category');
    const [used] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from reports where category_id = ${id}`);
    if ((used?.n ?? 0) > 0)
      throw new AppError('conflict', `This category has ${used.n} report(s) and cannot be deleted; deactivate it instead.`, [], { reports: used.n });
    await tx.delete(reportCategories).where(sql`${reportCategories.id} = ${id}`);
    await recordAudit(tx, tenant.id, actor, { action: 'report_category.deleted', objectType: 'report_category', objectId: id, details: { code: row.code } });
  });
}

/** The back office's API key in clear, for the forwarder alone (never for an API answer). */
export async function forwardSecret(deps: AppDeps, tenant: TenantRow, categoryId: string): Promise<string | null> {
  if (!UUID.test(categoryId)) return null;
  const [row] = await deps.db.withTenant(tenant.id, (tx) =>
    tx.select({ enc: reportCategories.forwardApiKeyEnc }).from(reportCategories).where(sql`${reportCategories.id} = ${categoryId}`),
  );
  return row?.enc ? decryptSecret(deps.config.secretKey, row.enc) : null;
}
