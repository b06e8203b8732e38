// Notifications for staff (a mention, a deadline coming up, an escalation, an assignment): a row the console shows
// and an e-mail through the delivery engine, both written in the caller's transaction so they commit with the change.
import { and, eq, inArray } from 'drizzle-orm';
import type { StaffNotificationKind } from '../../../common/states.ts';
import type { Actor } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import { memberships, staffNotifications, staffUsers, tenants } from '../../platform/db/schema.ts';
import { asLocale, type Locale, t } from '../../i18n/index.ts';
import { enqueueSend, type PreparedSend, writeTransactional } from '../delivery/index.ts';

export interface StaffNotice {
  userId: string;
  kind: StaffNotificationKind;
  conversationId: string | null;
  /** The report it is about (reports' reminders, escalations, assignments): the mail links to the report instead. */
  reportId?: string | null;
  /** What happened, in the recipient's language, without message bodies or a contact's details. */
  text: string;
}

const SYSTEM: Actor = { userId: null, email: 'system', ip: null, userAgent: null, requestId: null };

/** The members among these users, with their e-mail address and language (non-members are left out). */
export async function staffRecipients(tx: Tx, tenantId: string, userIds: string[]): Promise<Map<string, { email: string; locale: Locale }>> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return new Map();
  const rows = await tx
    .select({ id: staffUsers.id, email: staffUsers.email, locale: staffUsers.locale })
    .from(memberships)
    .innerJoin(staffUsers, eq(staffUsers.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), inArray(memberships.userId, ids)));
  return new Map(rows.map((r) => [r.id, { email: r.email, locale: asLocale(r.locale) }]));
}

/**
 * Inserts one notification per notice and writes one e-mail per notice to the staff member (kind transactional), in
 * the caller's transaction; notices for someone who is not a member of the municipality are dropped. Returns the
 * function to run after the commit: it enqueues the mails (a lost enqueue is picked up by the delivery sweeper).
 */
export async function notifyStaff(deps: AppDeps, tx: Tx, tenantId: string, notices: StaffNotice[]): Promise<() => Promise<void>> {
  if (!notices.length) return async () => {};
  const recipients = await staffRecipients(
    tx,
    tenantId,
    notices.map((n) => n.userId),
  );
  const kept = notices.filter((n) => recipients.has(n.userId));
  if (!kept.length) return async () => {};
  const [tenant] = await tx.select({ slug: tenants.slug, name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
  await tx
    .insert(staffNotifications)
    .values(kept.map((n) => ({ tenantId, userId: n.userId, kind: n.kind, conversationId: n.conversationId, reportId: n.reportId ?? null, text: n.text })));
  const mails: PreparedSend[] = [];
  for (const n of kept) {
    const to = recipients.get(n.userId)!;
    const base = `${deps.config.publicUrl}/admin/t/${tenant.slug}/inbox`;
    const vars = {
      tenant: tenant.name,
      text: n.text,
      link: n.reportId ? `${deps.config.publicUrl}/admin/t/${tenant.slug}/reports/${n.reportId}` : n.conversationId ? `${base}/${n.conversationId}` : base,
    };
    const mail = await writeTransactional(deps, tx, tenantId, SYSTEM, {
      channel: 'email',
      to: to.email,
      subject: t(to.locale, n.reportId ? `mail.reportNotice.${n.kind}.subject` : `mail.inboxNotice.${n.kind}.subject`, vars),
      text: t(to.locale, n.reportId ? 'mail.reportNotice.body' : 'mail.inboxNotice.body', vars),
    });
    if (mail) mails.push(mail);
  }
  return async () => {
    for (const mail of mails) await enqueueSend(deps, mail);
  };
}
