// The tenant's audit log.
import { bigserial, index, text, uuid } from 'drizzle-orm/pg-core';
import { at, jsonRecord } from './columns.ts';
import { tenantKeyedTable } from './tenant-table.ts';

export const auditLog = tenantKeyedTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    actorId: uuid('actor_id'),
    actorEmail: text('actor_email'),
    action: text('action').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id'),
    details: jsonRecord('details'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [t.id],
  (t) => [index('audit_log_at_idx').on(t.tenantId, t.at)],
);
