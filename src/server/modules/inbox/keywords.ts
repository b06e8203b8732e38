// Keywords an SMS can consist of, handled before the inbox: STOP (withdrawn where the message is received, in
// delivery.events.ts), START (consent given back), HILFE (the help text by SMS). Each is logged in the conversation
// as an event and opens no task.
import { eq } from 'drizzle-orm';
import { asLocale, t } from '../../i18n/index.ts';
import type { Actor } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import { tenants } from '../../platform/db/schema.ts';
import { enqueueSend, type PreparedSend, writeTransactional } from '../delivery/index.ts';
import { restoreConsentByStart, smsKeyword } from '../residents/index.ts';

export type SmsKeyword = 'stop' | 'start' | 'help';

const SYSTEM: Actor = { userId: null, email: 'system', ip: null, userAgent: null, requestId: null };

/** The keyword an inbound message consists of: only SMS carry keywords (an e-mail saying "Hilfe" is a question). */
export function keywordOf(channel: string, text: string): SmsKeyword | null {
  return channel === 'sms' ? smsKeyword(text) : null;
}

export interface KeywordOutcome {
  /** What the event item records: the keyword and what came of it. */
  event: { type: 'keyword'; keyword: SmsKeyword; result: 'consent-restored' | 'nothing-to-restore' | 'help-sent' | 'help-not-sent' | 'recorded' | 'too-old' };
  /** Run after the commit (the help SMS is enqueued then). */
  after: () => Promise<void>;
}

/**
 * Acts on a keyword in the threader's transaction, so a retried batch acts once (the event item is unique per inbound
 * message and commits with it). Messages older than a day (stored before the inbox existed) are only recorded: a help
 * text or a consent change long after the fact would surprise the resident.
 */
export async function actOnKeyword(
  deps: AppDeps,
  tx: Tx,
  input: { tenantId: string; keyword: SmsKeyword; phone: string; residentId: string | null; language: string | null; receivedAt: Date },
): Promise<KeywordOutcome> {
  const none = async () => {};
  const fresh = Date.now() - input.receivedAt.getTime() < 24 * 3600_000;
  if (input.keyword === 'stop') return { event: { type: 'keyword', keyword: 'stop', result: 'recorded' }, after: none };
  if (!fresh) return { event: { type: 'keyword', keyword: input.keyword, result: 'too-old' }, after: none };
  if (input.keyword === 'start') {
    const restored = input.residentId ? await restoreConsentByStart(tx, input.tenantId, input.residentId) : false;
    if (restored) deps.log.info({ tenant: input.tenantId }, 'consent restored by START SMS');
    return { event: { type: 'keyword', keyword: 'start', result: restored ? 'consent-restored' : 'nothing-to-restore' }, after: none };
  }
  const [tenant] = await tx.select({ slug: tenants.slug, name: tenants.name }).from(tenants).where(eq(tenants.id, input.tenantId));
  const text = t(asLocale(input.language), 'sms.help', { tenant: tenant?.name ?? '', link: `${deps.config.publicUrl}/m/${tenant?.slug ?? ''}/` });
  let prepared: PreparedSend | null = null;
  try {
    prepared = await writeTransactional(deps, tx, input.tenantId, SYSTEM, { channel: 'sms', to: input.phone, text });
  } catch (err) {
    // a sender id or short code that is no phone number cannot be answered; record it and move on
    // the error's text can name the number (a refused recipient): log its code only
    deps.log.warn({ tenant: input.tenantId, code: (err as { code?: string }).code ?? 'error' }, 'help text not sent');
  }
  return {
    event: { type: 'keyword', keyword: 'help', result: prepared ? 'help-sent' : 'help-not-sent' },
    after: prepared ? () => enqueueSend(deps, prepared) : none,
  };
}
