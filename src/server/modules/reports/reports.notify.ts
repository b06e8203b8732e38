// Messages to the people behind a report: the automatic first answer to the reporter, and status messages to the
// reporter and everyone following the report, each in their language, through the delivery engine (written in the
// caller's transaction, enqueued after the commit). Anonymous reports get none: there is nobody to write to.
import { smsNumber } from '../../../common/phone.ts';
import type { ReportContactKind, ReportStatus } from '../../../common/states.ts';
import { asLocale, t } from '../../i18n/index.ts';
import type { Actor } from '../../platform/audit.ts';
import { unseal } from '../../platform/auth/crypto.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { type PreparedSend, writeTransactional } from '../delivery/index.ts';
import { type ResidentAddressee, residentAddressee } from '../residents/index.ts';

/** Where a message to a reporter or follower goes. */
export type Addressee = ResidentAddressee;

interface ContactFacts {
  contactKind: ReportContactKind;
  residentId: string | null;
  contactEnc: string | null;
  language: string;
  /** The reporter's reopen key (reporters known by address only): the "resolved" message links the reopen form with it. */
  reopenKey?: string;
}

const SYSTEM: Actor = { userId: null, email: 'system', ip: null, userAgent: null, requestId: null };

/** The address of a reporter or follower, or null (anonymous, a landline, an erased person). */
export async function addresseeOf(deps: AppDeps, tx: Tx, c: ContactFacts): Promise<Addressee | null> {
  const locale = asLocale(c.language);
  if (c.contactKind === 'resident') return c.residentId ? residentAddressee(deps, tx, c.residentId, c.language) : null;
  const value = unseal(deps.config.secretKey, c.contactEnc);
  if (!value) return null;
  if (c.contactKind === 'email') return { channel: 'email', to: value, locale };
  if (c.contactKind === 'phone') {
    const phone = smsNumber(value);
    return phone ? { channel: 'sms', to: phone, locale } : null;
  }
  return null;
}

/** One message per address (a reporter who also follows gets one). */
function unique<A extends Addressee>(list: Array<A | null>): A[] {
  const seen = new Set<string>();
  const out: A[] = [];
  for (const a of list) {
    if (!a || seen.has(`${a.channel}:${a.to}`)) continue;
    seen.add(`${a.channel}:${a.to}`);
    out.push(a);
  }
  return out;
}

export const portalLink = (deps: AppDeps, tenant: TenantRow, number: number) => `${deps.config.publicUrl}/m/${tenant.slug}/reports/${number}`;

async function write(
  deps: AppDeps,
  tx: Tx,
  tenant: TenantRow,
  actor: Actor,
  to: Addressee,
  subject: string,
  text: string,
  secret?: string,
): Promise<PreparedSend | null> {
  try {
    return await writeTransactional(deps, tx, tenant.id, actor, {
      channel: to.channel,
      to: to.to,
      subject: to.channel === 'email' ? subject : undefined,
      text,
      // a reopen key opens the reporter's report: masked in the outbox like sign-in links
      ...(secret ? { secrets: [secret] } : {}),
    });
  } catch (err) {
    // an address the engine refuses (it was valid when stored) must not undo the change it reports on
    // its message names the address: log the code and the channel only (no personal data in logs)
    deps.log.warn({ code: (err as { code?: string }).code ?? 'error', channel: to.channel, tenant: tenant.slug }, 'report message not written');
    return null;
  }
}

/** The category's automatic answer ({{nummer}}, {{kategorie}}), or the default text, to the reporter. */
export async function writeAutoReply(
  deps: AppDeps,
  tx: Tx,
  tenant: TenantRow,
  actor: Actor,
  report: ContactFacts & { number: number },
  category: { name: string; autoReply: string },
): Promise<PreparedSend | null> {
  const to = await addresseeOf(deps, tx, report);
  if (!to) return null;
  const vars = { tenant: tenant.name, number: String(report.number), category: category.name, link: portalLink(deps, tenant, report.number) };
  const own = category.autoReply.trim();
  const text = own
    ? own.replace(/\{\{\s*nummer\s*\}\}/gi, vars.number).replace(/\{\{\s*kategorie\s*\}\}/gi, vars.category)
    : t(to.locale, to.channel === 'sms' ? 'report.autoReply.sms' : 'report.autoReply.default', vars);
  return write(deps, tx, tenant, actor, to, t(to.locale, 'report.autoReply.subject', vars), text);
}

export interface StatusMessage {
  number: number;
  category: string;
  status: ReportStatus;
  comment?: string | null;
  reason?: string | null;
  /** The number of the report this one duplicates. */
  original?: number | null;
}

/** The status message to the reporter and every follower; returns what to enqueue after the commit. */
export async function writeStatusMessages(
  deps: AppDeps,
  tx: Tx,
  tenant: TenantRow,
  actor: Actor | null,
  people: ContactFacts[],
  m: StatusMessage,
): Promise<PreparedSend[]> {
  // one after the other: a transaction runs one statement at a time
  const found: Array<(Addressee & { reopenKey?: string }) | null> = [];
  for (const p of people) {
    const a = await addresseeOf(deps, tx, p);
    found.push(a && p.reopenKey && m.status === 'resolved' ? { ...a, reopenKey: p.reopenKey } : a);
  }
  const addressees = unique(found);
  const out: PreparedSend[] = [];
  for (const to of addressees) {
    const l = to.locale;
    const details = [
      m.reason ? t(l, 'report.status.reason', { reason: m.reason }) : '',
      m.comment ? t(l, 'report.status.comment', { comment: m.comment }) : '',
      m.original ? t(l, 'report.status.duplicate', { original: String(m.original) }) : '',
    ].join('');
    const vars = {
      tenant: tenant.name,
      number: String(m.number),
      category: m.category,
      status: t(l, `report.statusName.${m.status}`),
      details,
      link: portalLink(deps, tenant, m.number) + (to.reopenKey ? `?key=${to.reopenKey}` : ''),
    };
    const text = t(l, to.channel === 'sms' ? 'report.status.sms' : 'report.status.body', vars);
    const sent = await write(deps, tx, tenant, actor ?? SYSTEM, to, t(l, 'report.status.subject', vars), text, to.reopenKey);
    if (sent) out.push(sent);
  }
  return out;
}
