// STOP by SMS: a resident who answers STOP (or Stopp, ABMELDEN) withdraws every consent for that tenant.
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../platform/context.ts';
import { tenants } from '../../platform/db/schema.ts';
import { findResidentByPhone, withdrawConsent } from './residents.service.ts';

const STOP_WORDS = new Set(['stop', 'stopp', 'abmelden']);

export const isStopKeyword = (text: string) => STOP_WORDS.has(text.trim().toLowerCase());

/** Returns true when the text was a stop keyword from a known resident and the consent is now withdrawn. */
export async function handleStopKeyword(deps: AppDeps, tenantId: string | null, fromPhone: string, text: string): Promise<boolean> {
  if (!tenantId || !isStopKeyword(text)) return false;
  const residentId = await findResidentByPhone(deps, fromPhone.trim());
  if (!residentId) return false;
  const [tenant] = await deps.db.system.select().from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) return false;
  await withdrawConsent(deps, tenant, residentId, { method: 'sms-stop', ipPrefix: null });
  deps.log.info({ tenant: tenant.slug }, 'consent withdrawn by STOP SMS');
  return true;
}
