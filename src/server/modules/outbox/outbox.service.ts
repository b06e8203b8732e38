// Dev outbox: stores what would have left the installation, so staff see it as the recipient would.
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { Database, Tx } from '../../platform/db/client.ts';
import { devOutbox } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/errors.ts';

export interface OutgoingMail {
  tenantId: string | null;
  to: string;
  subject: string;
  text: string;
  html?: string;
  meta?: Record<string, unknown>;
}

/** Stores an e-mail in the dev outbox; inside `tx` when given so it commits with the change that caused it. */
export async function deliverMail(db: Database, mail: OutgoingMail, tx?: Tx) {
  const row = {
    tenantId: mail.tenantId,
    channel: 'email',
    recipient: mail.to,
    subject: mail.subject,
    bodyText: mail.text,
    bodyHtml: mail.html ?? null,
    meta: mail.meta ?? {},
  };
  if (tx) await tx.insert(devOutbox).values(row);
  else await db.system.insert(devOutbox).values(row);
}

export interface OutboxQuery {
  limit: number;
  before?: string;
  includeInstallation: boolean;
}

const present = (r: typeof devOutbox.$inferSelect) => ({
  id: r.id,
  channel: r.channel,
  recipient: r.recipient,
  subject: r.subject,
  bodyText: r.bodyText,
  bodyHtml: r.bodyHtml,
  /** sms: parts and encoding; email: from, replyTo, headers; push: url, urgency. */
  meta: r.meta,
  createdAt: r.createdAt.toISOString(),
  installation: r.tenantId === null,
});

export async function listOutbox(db: Database, tenantId: string, q: OutboxQuery) {
  const cursor = q.before ? new Date(q.before) : undefined;
  const rows = await db.withTenant(tenantId, (tx) =>
    tx
      .select()
      .from(devOutbox)
      .where(cursor ? lt(devOutbox.createdAt, cursor) : undefined)
      .orderBy(desc(devOutbox.createdAt))
      .limit(q.limit),
  );
  // installation mails have no tenant; they are read over the owner connection and shown to owners only
  const system = q.includeInstallation
    ? await db.system
        .select()
        .from(devOutbox)
        .where(and(isNull(devOutbox.tenantId), cursor ? lt(devOutbox.createdAt, cursor) : undefined))
        .orderBy(desc(devOutbox.createdAt))
        .limit(q.limit)
    : [];
  const items = [...rows, ...system].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, q.limit);
  return { items: items.map(present) };
}

export async function getOutboxItem(db: Database, tenantId: string, id: string, includeInstallation: boolean) {
  const [row] = await db.withTenant(tenantId, (tx) => tx.select().from(devOutbox).where(eq(devOutbox.id, id)).limit(1));
  if (row) return present(row);
  if (includeInstallation) {
    const [sys] = await db.system.select().from(devOutbox).where(and(eq(devOutbox.id, id), or(isNull(devOutbox.tenantId)))).limit(1);
    if (sys) return present(sys);
  }
  throw notFound('This outbox message');
}
