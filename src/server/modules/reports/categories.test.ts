// Report categories on a real database: checks (department of this municipality, unique code naming /body/code),
// the forward API key sealed and only reported as set, counts of open reports, deletion refused while reports exist,
// and an audit row for every change.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { type CategoryInput, categoryInput } from '../../../../test/helpers/reports.ts';
import { rejectionOf } from '../../../../test/helpers/rejection.ts';
import { newTenant, testActor } from '../../../../test/helpers/factories.ts';
import { queryRows } from '../../platform/db/client.ts';
import { auditLog, departments, reportCategories } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { createCategory, deleteCategory, forwardSecret, getCategory, listCategories, updateCategory } from './categories.service.ts';
import { changeStatus, fileReport } from './reports.service.ts';

let t: TestApp;
let tenant: TenantRow;
let departmentId: string;

const input = (over: Partial<CategoryInput> = {}) =>
  categoryInput('laterne', 'Straßenlaterne', {
    description: 'Defekte Beleuchtung',
    groupName: 'Straße und Verkehr',
    firstResponseHours: 8,
    keywords: ['licht'],
    ...over,
  });

const rejection = (p: Promise<unknown>) => rejectionOf(p, AppError);

beforeAll(async () => {
  t = await createTestApp();
  tenant = t.tenant;
  [{ id: departmentId }] = await t.deps.db.withTenant(tenant.id, (tx) =>
    tx.insert(departments).values({ tenantId: tenant.id, name: 'Tiefbauamt' }).returning({ id: departments.id }),
  );
});
afterAll(async () => {
  await t?.close();
});

describe('report categories', () => {
  it('creates one with its department name, fields and a sealed forward key', async () => {
    const made = await createCategory(
      t.deps,
      testActor,
      tenant,
      input({
        departmentId,
        fields: [{ code: 'mast', datatype: 'string', label: 'Mastnummer', required: false }],
        forwardUrl: 'https://bauhof.example.org/open311/v2/',
        forwardServiceCode: 'LAMP',
        forwardApiKey: 'geheim-123',
      }),
    );
    expect(made).toMatchObject({
      code: 'laterne',
      departmentId,
      departmentName: 'Tiefbauamt',
      forwardApiKeySet: true,
      openReports: 0,
      fields: [{ code: 'mast', datatype: 'string', label: 'Mastnummer', required: false }],
    });
    expect(JSON.stringify(made)).not.toContain('geheim-123');
    const [row] = await t.deps.db.withTenant(tenant.id, (tx) => tx.select().from(reportCategories).where(eq(reportCategories.id, made.id)));
    expect(row.forwardApiKeyEnc).toBeTruthy();
    expect(row.forwardApiKeyEnc).not.toContain('geheim');
    expect(await forwardSecret(t.deps, tenant, made.id)).toBe('geheim-123');
    expect((await getCategory(t.deps, tenant, 'laterne'))?.id).toBe(made.id);
    expect((await getCategory(t.deps, tenant, made.id))?.code).toBe('laterne');
    expect(await getCategory(t.deps, tenant, 'unbekannt')).toBeNull();
    const audit = await t.deps.db.withTenant(tenant.id, (tx) => tx.select().from(auditLog).where(eq(auditLog.objectId, made.id)));
    expect(audit.map((a) => a.action)).toEqual(['report_category.created']);
    expect(JSON.stringify(audit[0].details)).not.toContain('geheim');
  });

  it('refuses a taken code (409 naming /body/code) and a department of another municipality', async () => {
    const taken = await rejection(createCategory(t.deps, testActor, tenant, input({ name: 'Noch eine' })));
    expect(taken.code).toBe('conflict');
    expect(taken.errors.map((e) => e.pointer)).toEqual(['/body/code']);
    const other = await newTenant(t.deps);
    const [{ id: foreignDept }] = await t.deps.db.withTenant(other.id, (tx) =>
      tx.insert(departments).values({ tenantId: other.id, name: 'Fremdamt' }).returning({ id: departments.id }),
    );
    const foreign = await rejection(createCategory(t.deps, testActor, tenant, input({ code: 'bank', departmentId: foreignDept })));
    expect(foreign.errors.map((e) => e.pointer)).toEqual(['/body/departmentId']);
    // the same code in another municipality is fine
    await createCategory(t.deps, testActor, other, input());
  });

  it('updates, removes the key with null, renames the code unless taken', async () => {
    const bank = await createCategory(t.deps, testActor, tenant, input({ code: 'bank', name: 'Parkbank', forwardApiKey: 'k1' }));
    const changed = await updateCategory(t.deps, testActor, tenant, bank.id, { name: 'Sitzbank', forwardApiKey: null } as never);
    expect(changed).toMatchObject({ name: 'Sitzbank', forwardApiKeySet: false });
    expect(await forwardSecret(t.deps, tenant, bank.id)).toBeNull();
    const clash = await rejection(updateCategory(t.deps, testActor, tenant, bank.id, { code: 'laterne' } as never));
    expect(clash.code).toBe('conflict');
    const missing = await rejection(updateCategory(t.deps, testActor, tenant, '00000000-0000-4000-8000-000000000009', { name: 'x' } as never));
    expect(missing.code).toBe('not_found');
    const actions = await t.deps.db.withTenant(tenant.id, (tx) => tx.select().from(auditLog).where(eq(auditLog.objectId, bank.id)));
    expect(actions.map((a) => a.action)).toEqual(['report_category.created', 'report_category.updated']);
  });

  it('counts open reports; refuses to delete a category with reports (deactivate instead), deletes an unused one', async () => {
    const used = await createCategory(t.deps, testActor, tenant, input({ code: 'muell', name: 'Wilder Müll' }));
    const base = {
      categoryId: used.id,
      description: 'Sofa am Weg',
      location: { lat: 51.5, lng: 7.4 },
      attributes: {},
      contact: { kind: 'anonymous' as const },
      language: 'de' as const,
    };
    const one = await fileReport(t.deps, testActor, tenant, base, { source: 'staff' });
    await fileReport(t.deps, testActor, tenant, base, { source: 'staff' });
    const [owner] = await queryRows<{ id: string }>(t.deps.db.system, sql`select id from staff_users where email = 'owner@musterstadt.test'`);
    await changeStatus(t.deps, testActor, { tenant, userId: owner.id, role: 'owner' }, one.id, { status: 'resolved' });
    const listed = (await listCategories(t.deps, tenant)).find((c) => c.id === used.id);
    expect(listed?.openReports).toBe(1);
    const refused = await rejection(deleteCategory(t.deps, testActor, tenant, used.id));
    expect(refused.code).toBe('conflict');
    await updateCategory(t.deps, testActor, tenant, used.id, { active: false } as never);
    expect((await listCategories(t.deps, tenant, { activeOnly: true })).map((c) => c.code)).not.toContain('muell');
    const unused = await createCategory(t.deps, testActor, tenant, input({ code: 'baum', name: 'Baum' }));
    await deleteCategory(t.deps, testActor, tenant, unused.id);
    expect(await getCategory(t.deps, tenant, unused.id)).toBeNull();
    const [deleted] = await t.deps.db.withTenant(tenant.id, (tx) => tx.select().from(auditLog).where(eq(auditLog.action, 'report_category.deleted')));
    expect(deleted.objectId).toBe(unused.id);
  });
});
