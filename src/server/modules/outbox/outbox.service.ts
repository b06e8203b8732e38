// Dev outbox: what would have left the installation, per tenant behind the tenant wall. Messages get here only through
// the delivery engine (the dev-outbox adapter); there is no second mail path. Installation mails (password resets)
// belong to the installation tenant, which only an installation operator reads.
import { desc, eq, lt } from 'drizzle-orm';
import { decryptSecret } from '../../platform/auth/crypto.ts';
import type { Database } from '../../platform/db/client.ts';
import { devOutbox } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/errors.ts';
import { INSTALLATION_TENANT_ID } from '../../platform/tenancy.ts';

export interface OutboxQuery {
  limit: number;
  before?: string;
}

/** Codes and links in these rows are masked: the row is what staff may see (see channels/dev-outbox). */
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
  installation: r.tenantId === INSTALLATION_TENANT_ID,
  /** The message carried a code or a link, shown masked here. */
  masked: r.sealed !== null,
});

/** One tenant's outbox rows, newest first (the installation's when tenantId is INSTALLATION_TENANT_ID). */
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
  return { items: rows.map(present) };
}

async function findRow(db: Database, tenantId: string, id: string) {
  const [row] = await db.withTenant(tenantId, (tx) => tx.select().from(devOutbox).where(eq(devOutbox.id, id)).limit(1));
  if (!row) throw notFound('This outbox message');
  return row;
}

export async function getOutboxItem(db: Database, tenantId: string, id: string) {
  return present(await findRow(db, tenantId, id));
}

/**
 * The message as its recipient got it, codes and links in clear: the dev outbox stands in for the recipient's phone
 * or mailbox while no provider is configured. Only an installation operator may open it (they hold the key anyway);
 * no tenant view shows it.
 */
export async function openOutboxOriginal(db: Database, key: Buffer, tenantId: string, id: string) {
  const row = await findRow(db, tenantId, id);
  const original = row.sealed
    ? (JSON.parse(decryptSecret(key, row.sealed)) as { subject?: string; text: string; html?: string })
    : { subject: row.subject ?? undefined, text: row.bodyText, html: row.bodyHtml ?? undefined };
  return {
    id: row.id,
    channel: row.channel,
    recipient: row.recipient,
    subject: original.subject ?? null,
    bodyText: original.text,
    bodyHtml: original.html ?? null,
  };
}
