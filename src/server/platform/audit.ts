// Writes the audit log inside the transaction that changes the data, so no change goes unrecorded.
import type { Tx } from './db/client.ts';
import { accountEvents, auditLog } from './db/schema.ts';
import type { Database } from './db/client.ts';

export interface Actor {
  userId: string | null;
  email: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId?: string | null;
  details?: Record<string, unknown>;
}

export async function recordAudit(tx: Tx, tenantId: string, actor: Actor, entry: AuditEntry) {
  await auditInsert(tx, tenantId, actor, entry);
}

/**
 * The audit entry as part of the statement that makes the change: `tx.with(auditWith(...)).insert(...)` writes both in
 * one round trip (a statement's data-modifying WITH runs whether or not the statement reads it). For the paths every
 * send takes: with the database across a network, each round trip of a transaction is a network latency during which
 * it holds a pooled connection.
 */
export function auditWith(tx: Tx, tenantId: string, actor: Actor, entry: AuditEntry) {
  return tx.$with('audit_entry', {}).as(auditInsert(tx, tenantId, actor, entry).getSQL());
}

function auditInsert(tx: Tx, tenantId: string, actor: Actor, entry: AuditEntry) {
  return tx.insert(auditLog).values({
    tenantId,
    actorId: actor.userId,
    actorEmail: actor.email,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId ?? null,
    details: entry.details ?? {},
    ip: actor.ip,
    userAgent: actor.userAgent?.slice(0, 300) ?? null,
    requestId: actor.requestId,
  });
}

export async function recordAccountEvent(db: Database, actor: Actor, action: string, userId: string | null, email: string | null) {
  await db.system.insert(accountEvents).values({ userId, email, action, ip: actor.ip, userAgent: actor.userAgent?.slice(0, 300) ?? null });
}
