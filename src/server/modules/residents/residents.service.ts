// Residents and their follows: register (after a verified code), preferences, withdrawal, export and erasure.
import { asc, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../../platform/context.ts';
import { consentAttachments, deliveries, devOutbox, emailLinks, follows, inboundMessages, pushSubscriptions, residents, topics } from '../../platform/db/schema.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { type ConsentMeta, consentHistory, currentConsentText, diff, recordConsentChanges } from './consent.service.ts';
import { lookupHash, seal, unseal } from './residents.crypto.ts';

export const CHANNELS = ['sms', 'email', 'push', 'voice'] as const;

export interface Preferences {
  topics: string[];
  channels: string[];
  streetId?: string | null;
  houseNumber?: string | null;
  lat?: number | null;
  lng?: number | null;
  quietStart?: number | null;
  quietEnd?: number | null;
  language?: 'de' | 'en';
}

export async function tenantTopics(deps: AppDeps, tenantId: string) {
  return deps.db.withTenant(tenantId, (tx) => tx.select().from(topics).orderBy(asc(topics.position)));
}

/** Keeps only known topics and channels; mandatory topics stay on unless the tenant lets residents switch warnings off. */
async function cleanPreferences(deps: AppDeps, tenant: TenantRow, p: Preferences): Promise<Preferences> {
  const known = await tenantTopics(deps, tenant.id);
  const bad = p.topics.find((t) => !known.some((k) => k.key === t));
  if (bad) throw invalid('/body/topics', `"${bad}" is not a topic of ${tenant.name}`, 'not_found_here');
  const badChannel = p.channels.find((c) => !(CHANNELS as readonly string[]).includes(c));
  if (badChannel) throw invalid('/body/channels', `"${badChannel}" is not a channel`, 'not_allowed');
  const mandatory = tenant.warningsOptional ? [] : known.filter((k) => k.mandatory).map((k) => k.key);
  return { ...p, topics: [...new Set([...p.topics, ...mandatory])], channels: [...new Set(p.channels)] };
}

export interface Contact {
  phone: string; // verified E.164
  email?: string | null;
  landline?: string | null;
  name?: string | null;
}

export async function registerResident(deps: AppDeps, tenant: TenantRow, contact: Contact, prefs: Preferences, meta: ConsentMeta) {
  const key = deps.config.secretKey;
  const clean = await cleanPreferences(deps, tenant, prefs);
  const text = await currentConsentText(deps.db, tenant);
  const phoneHash = lookupHash(key, 'phone', contact.phone);
  const [resident] = await deps.db.system
    .insert(residents)
    .values({
      phoneEnc: seal(key, contact.phone),
      phoneHash,
      emailEnc: seal(key, contact.email),
      emailHash: contact.email ? lookupHash(key, 'email', contact.email) : null,
      // staff and imports confirm the address with the consent proof; an address typed on the portal waits for its link
      emailVerifiedAt: contact.email && meta.method !== 'portal' ? new Date() : null,
      landlineEnc: seal(key, contact.landline),
      landlineHash: contact.landline ? lookupHash(key, 'landline', contact.landline) : null,
      nameEnc: seal(key, contact.name),
      language: clean.language ?? 'de',
    })
    .onConflictDoUpdate({ target: residents.phoneHash, set: { updatedAt: sql`now()` } })
    .returning({ id: residents.id });
  const followId = await deps.db.withTenant(tenant.id, async (tx) => {
    const [existing] = await tx.select().from(follows).where(eq(follows.residentId, resident.id));
    const before = existing?.status === 'active' ? { topics: existing.topics, channels: existing.channels } : { topics: [], channels: [] };
    const values = { topics: clean.topics, channels: clean.channels, streetId: clean.streetId ?? null, houseNumber: clean.houseNumber ?? null, lat: clean.lat ?? null, lng: clean.lng ?? null, quietStart: clean.quietStart ?? null, quietEnd: clean.quietEnd ?? null, language: clean.language ?? 'de', status: 'active', source: meta.method === 'import' ? 'import' : meta.method === 'staff' ? 'staff' : 'portal', updatedAt: sql`now()` };
    const [row] = existing
      ? await tx.update(follows).set(values).where(eq(follows.id, existing.id)).returning({ id: follows.id })
      : await tx.insert(follows).values({ tenantId: tenant.id, residentId: resident.id, ...values }).returning({ id: follows.id });
    await recordConsentChanges(tx, tenant.id, resident.id, text.hash, { channels: diff(before.channels, clean.channels), topics: diff(before.topics, clean.topics) }, meta);
    return row.id;
  });
  return { residentId: resident.id, followId };
}

export async function findResidentByPhone(deps: AppDeps, phone: string) {
  const [row] = await deps.db.system.select({ id: residents.id }).from(residents).where(eq(residents.phoneHash, lookupHash(deps.config.secretKey, 'phone', phone)));
  return row?.id ?? null;
}

export async function getFollow(deps: AppDeps, tenantId: string, residentId: string) {
  const [row] = await deps.db.withTenant(tenantId, (tx) => tx.select().from(follows).where(eq(follows.residentId, residentId)));
  return row ?? null;
}

export async function updatePreferences(deps: AppDeps, tenant: TenantRow, residentId: string, prefs: Preferences, meta: ConsentMeta) {
  const clean = await cleanPreferences(deps, tenant, prefs);
  const text = await currentConsentText(deps.db, tenant);
  await deps.db.withTenant(tenant.id, async (tx) => {
    const [f] = await tx.select().from(follows).where(eq(follows.residentId, residentId));
    if (!f) throw notFound('This subscription');
    await tx.update(follows).set({ topics: clean.topics, channels: clean.channels, streetId: clean.streetId ?? f.streetId, houseNumber: clean.houseNumber ?? f.houseNumber, quietStart: clean.quietStart ?? null, quietEnd: clean.quietEnd ?? null, language: clean.language ?? f.language, status: 'active', updatedAt: sql`now()` }).where(eq(follows.id, f.id));
    const before = f.status === 'active' ? f : { topics: [], channels: [] };
    await recordConsentChanges(tx, tenant.id, residentId, text.hash, { channels: diff(before.channels, clean.channels), topics: diff(before.topics, clean.topics) }, meta);
  });
}

/** Withdraws every consent for this tenant: nothing more is sent for it (the follow stays, switched off). */
export async function withdrawConsent(deps: AppDeps, tenant: TenantRow, residentId: string, meta: ConsentMeta) {
  await deps.db.withTenant(tenant.id, async (tx) => {
    const [f] = await tx.select().from(follows).where(eq(follows.residentId, residentId));
    if (!f || f.status !== 'active') return;
    await tx.update(follows).set({ status: 'withdrawn', updatedAt: sql`now()` }).where(eq(follows.id, f.id));
    await recordConsentChanges(tx, tenant.id, residentId, null, { channels: diff(f.channels, []), topics: diff(f.topics, []) }, meta);
  });
}

/** Art. 15/20: everything held about a resident, across every tenant they follow. */
export async function exportResident(deps: AppDeps, residentId: string) {
  const key = deps.config.secretKey;
  const [r] = await deps.db.system.select().from(residents).where(eq(residents.id, residentId));
  if (!r) throw notFound('This resident');
  const phone = unseal(key, r.phoneEnc);
  const email = unseal(key, r.emailEnc);
  const followRows = await deps.db.system.select().from(follows).where(eq(follows.residentId, residentId));
  const out = [];
  for (const f of followRows) {
    const history = await consentHistory(deps.db, f.tenantId, residentId);
    // the browsers the resident turned notifications on in; a push delivery names its subscription id as recipient
    const devices = await deps.db.withTenant(f.tenantId, (tx) =>
      tx.select({ id: pushSubscriptions.id, endpoint: pushSubscriptions.endpoint, userAgent: pushSubscriptions.userAgent, createdAt: pushSubscriptions.createdAt }).from(pushSubscriptions).where(eq(pushSubscriptions.residentId, residentId)),
    );
    const recipients = [phone, email, ...devices.map((d) => d.id)].filter(Boolean) as string[];
    const sent = await deps.db.withTenant(f.tenantId, (tx) =>
      tx.select({ channel: deliveries.channel, status: deliveries.status, at: deliveries.createdAt }).from(deliveries).where(sql`${deliveries.recipient} = any(${sql.param(recipients)}::text[])`).limit(1000),
    );
    // scanned consent forms staff attached: a copy belongs to the resident's data too (Art. 15(3))
    const scans = await deps.db.withTenant(f.tenantId, (tx) =>
      tx.select({ fileName: consentAttachments.fileName, contentType: consentAttachments.contentType, size: consentAttachments.size, createdAt: consentAttachments.createdAt, dataEnc: consentAttachments.dataEnc }).from(consentAttachments).where(eq(consentAttachments.residentId, residentId)),
    );
    const consentScans = scans.map(({ dataEnc, ...meta }) => ({ ...meta, dataBase64: unseal(key, dataEnc) }));
    out.push({ tenantId: f.tenantId, follow: { ...f, residentId: undefined }, consents: history.map((c) => ({ ...c, residentId: undefined })), consentScans, pushSubscriptions: devices, deliveries: sent });
  }
  return {
    exportedAt: new Date().toISOString(),
    resident: { id: r.id, phone, email, landline: unseal(key, r.landlineEnc), name: unseal(key, r.nameEnc), language: r.language, createdAt: r.createdAt },
    follows: out,
  };
}

/**
 * Art. 17: removes the resident's personal data everywhere and pseudonymises delivery history, so statistics stay
 * and no phone number or address remains (proven by a test that searches every table).
 */
export async function eraseResident(deps: AppDeps, residentId: string) {
  const key = deps.config.secretKey;
  const [r] = await deps.db.system.select().from(residents).where(eq(residents.id, residentId));
  if (!r) return;
  const email = unseal(key, r.emailEnc);
  // the delivery engine stores e-mail addresses in lower case
  const addresses = [...new Set([unseal(key, r.phoneEnc), email, email?.toLowerCase(), unseal(key, r.landlineEnc)])].filter((x): x is string => Boolean(x));
  const tag = `erased:${residentId.slice(0, 8)}`;
  await deps.db.system.transaction(async (tx) => {
    if (addresses.length) {
      const list = sql.param(addresses);
      await tx.update(deliveries).set({ recipient: tag }).where(sql`${deliveries.recipient} = any(${list}::text[])`);
      await tx.update(inboundMessages).set({ sender: tag, text: '', subject: null, raw: {} }).where(sql`${inboundMessages.sender} = any(${list}::text[])`);
      await tx.delete(devOutbox).where(sql`${devOutbox.recipient} = any(${list}::text[])`);
    }
    await tx.delete(pushSubscriptions).where(eq(pushSubscriptions.residentId, residentId));
    await tx.delete(emailLinks).where(eq(emailLinks.residentId, residentId));
    // the ledger stays as pseudonymised evidence, but a scanned form shows the name and signature: it goes
    await tx.delete(consentAttachments).where(eq(consentAttachments.residentId, residentId));
    await tx.execute(sql`update consents set resident_id = null, proof = null where resident_id = ${residentId}`);
    await tx.delete(residents).where(eq(residents.id, residentId)); // follows and sessions go with it
  });
}

export function residentContact(deps: AppDeps, row: typeof residents.$inferSelect) {
  const key = deps.config.secretKey;
  return { phone: unseal(key, row.phoneEnc), email: unseal(key, row.emailEnc), landline: unseal(key, row.landlineEnc), name: unseal(key, row.nameEnc) };
}
