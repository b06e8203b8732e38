// Withdrawal from inside a message: STOP by SMS (or Stopp, ABMELDEN) withdraws every consent for that tenant; the
// one-click unsubscribe link of an e-mail withdraws the e-mail channel (and everything, when it was the only one).
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import { consents, follows, residents } from '../../platform/db/schema.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { findTenantById } from '../tenants/index.ts';
import { diff, recordConsentChanges } from './consent.service.ts';
import { lookupHash } from './residents.crypto.ts';
import { findResidentByPhone, withdrawConsent } from './residents.service.ts';

const STOP_WORDS = new Set(['stop', 'stopp', 'abmelden']);

export const isStopKeyword = (text: string) => STOP_WORDS.has(text.trim().toLowerCase());

const START_WORDS = new Set(['start']);
const HELP_WORDS = new Set(['hilfe', 'help', 'info']);

/** The keyword a whole SMS consists of (STOP, START, HILFE and their variants), or null for an ordinary message. */
export function smsKeyword(text: string): 'stop' | 'start' | 'help' | null {
  const word = text.trim().toLowerCase();
  if (STOP_WORDS.has(word)) return 'stop';
  if (START_WORDS.has(word)) return 'start';
  if (HELP_WORDS.has(word)) return 'help';
  return null;
}

/**
 * START undoes STOP: a follow withdrawn whose last consent change was an SMS STOP is active again with the channels
 * and topics it had, recorded as given by 'sms-start'. A withdrawal made any other way stays (the resident chose it
 * in the portal or staff recorded it). Runs in the caller's tenant transaction; true when consent was restored.
 */
export async function restoreConsentByStart(tx: Tx, tenantId: string, residentId: string): Promise<boolean> {
  const [f] = await tx.select().from(follows).where(eq(follows.residentId, residentId));
  if (f?.status !== 'withdrawn') return false;
  const [last] = await tx
    .select({ method: consents.method })
    .from(consents)
    .where(eq(consents.residentId, residentId))
    .orderBy(desc(consents.at), desc(consents.id))
    .limit(1);
  if (last?.method !== 'sms-stop') return false;
  await tx.update(follows).set({ status: 'active', updatedAt: sql`now()` }).where(eq(follows.id, f.id));
  await recordConsentChanges(
    tx,
    tenantId,
    residentId,
    null,
    { channels: diff([], f.channels), topics: diff([], f.topics) },
    { method: 'sms-start', ipPrefix: null },
  );
  return true;
}

/** Returns true when the text was a stop keyword from a known resident and the consent is now withdrawn. */
export async function handleStopKeyword(deps: AppDeps, tenantId: string | null, fromPhone: string, text: string): Promise<boolean> {
  if (!tenantId || !isStopKeyword(text)) return false;
  const residentId = await findResidentByPhone(deps, fromPhone.trim());
  if (!residentId) return false;
  const tenant = await findTenantById(deps.db, tenantId);
  if (!tenant) return false;
  await withdrawConsent(deps, tenant, residentId, { method: 'sms-stop', ipPrefix: null });
  deps.log.info({ tenant: tenant.slug }, 'consent withdrawn by STOP SMS');
  return true;
}

/** The residents of this tenant with this address lose the e-mail channel, recorded in the ledger; returns how many. */
export async function handleEmailUnsubscribe(deps: AppDeps, tenant: TenantRow, address: string): Promise<number> {
  const hash = lookupHash(deps.config.secretKey, 'email', address);
  const changed = await deps.db.withTenant(tenant.id, async (tx) => {
    const rows = await tx
      .select({ id: follows.id, residentId: follows.residentId, channels: follows.channels, topics: follows.topics })
      .from(follows)
      .innerJoin(residents, eq(residents.id, follows.residentId))
      .where(and(eq(residents.emailHash, hash), eq(follows.status, 'active'), sql`${follows.channels} ? 'email'`));
    for (const f of rows) {
      const rest = f.channels.filter((c) => c !== 'email');
      const meta = { method: 'email-unsubscribe' as const, ipPrefix: null };
      await tx
        .update(follows)
        .set(rest.length ? { channels: rest, updatedAt: sql`now()` } : { status: 'withdrawn', updatedAt: sql`now()` })
        .where(eq(follows.id, f.id));
      await recordConsentChanges(
        tx,
        tenant.id,
        f.residentId,
        null,
        { channels: diff(f.channels, rest), topics: diff(f.topics, rest.length ? f.topics : []) },
        meta,
      );
    }
    return rows.length;
  });
  if (changed) deps.log.info({ tenant: tenant.slug, changed }, 'e-mail consent withdrawn by unsubscribe link');
  return changed;
}
