// GDPR requests handled by staff (access, erasure, rectification, objection, portability), due one month after
// receipt (Art. 12(3)); the list shows what is overdue.
import type { z } from 'zod';
import { type Actor, recordAudit } from '../../../platform/audit.ts';
import type { AppDeps } from '../../../platform/context.ts';
import type { gdprRequests } from '../../../platform/db/schema.ts';
import { invalid, notFound } from '../../../platform/errors.ts';
import { isOverdue } from '../../../platform/overdue.ts';
import type { TenantRow } from '../../../platform/tenancy.ts';
import * as repo from './residents.repository.ts';
import type { gdprBody, gdprPatch } from './residents.schemas.ts';

function presentRequest(r: typeof gdprRequests.$inferSelect, now = Date.now()) {
  return {
    id: r.id,
    residentId: r.residentId,
    kind: r.kind,
    status: r.status,
    note: r.note ?? '',
    receivedAt: r.receivedAt.toISOString(),
    dueAt: r.dueAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
    overdue: isOverdue(r.status === 'open', r.dueAt, now),
  };
}

export async function listGdprRequests(deps: AppDeps, tenant: TenantRow) {
  const rows = await deps.db.withTenant(tenant.id, repo.listGdprRequests);
  return { items: rows.map((r) => presentRequest(r)) };
}

export async function createGdprRequest(deps: AppDeps, actor: Actor, tenant: TenantRow, body: z.infer<typeof gdprBody>) {
  const receivedAt = body.receivedAt ? new Date(body.receivedAt) : null;
  if (receivedAt && receivedAt.getTime() > Date.now() + 60_000) throw invalid('/body/receivedAt', 'cannot be in the future', 'in_future');
  return deps.db.withTenant(tenant.id, async (tx) => {
    if (body.residentId && !(await repo.findFollowedResident(tx, body.residentId)))
      throw invalid('/body/residentId', `is not a resident of ${tenant.name}`, 'not_found_here');
    const row = await repo.insertGdprRequest(tx, { tenantId: tenant.id, residentId: body.residentId ?? null, kind: body.kind, note: body.note, receivedAt });
    await recordAudit(tx, tenant.id, actor, {
      action: 'gdpr_request.created',
      objectType: 'gdpr_request',
      objectId: row.id,
      details: { kind: row.kind, residentId: row.residentId },
    });
    return presentRequest(row);
  });
}

export async function updateGdprRequest(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, patch: z.infer<typeof gdprPatch>) {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const before = await repo.findGdprRequest(tx, id);
    if (!before) throw notFound('This GDPR request');
    const row = await repo.updateGdprRequest(tx, id, patch);
    await recordAudit(tx, tenant.id, actor, {
      action: 'gdpr_request.updated',
      objectType: 'gdpr_request',
      objectId: id,
      details: { from: before.status, to: row.status },
    });
    return presentRequest(row);
  });
}
