// Residents and their follows: register (after a verified code), preferences, withdrawal, export and erasure.
import { and, asc, eq, ne, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { type FollowSource, RESIDENT_CHANNELS, type ResidentChannel } from '../../../common/states.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/client.ts';
import {
  consentAttachments,
  deliveries,
  devOutbox,
  emailLinks,
  follows,
  inboundMessages,
  pushSubscriptions,
  residents,
  streets,
  topics,
  verificationCodes,
} from '../../platform/db/schema.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { forgetLimitKey } from '../../platform/rate-limit.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { locateFollows } from '../geo/index.ts';
import { type ConsentMeta, consentHistory, currentConsentText, diff, recordConsentChanges } from './consent.service.ts';
import { ADDRESS_LIMIT_NAME, addressLimitKey } from './email-link.service.ts';
import { lookupHash, seal, unseal } from './residents.crypto.ts';
import { NUMBER_LIMIT_NAME, numberLimitKey } from './verification.service.ts';

export const CHANNELS = RESIDENT_CHANNELS;
const isChannel = (c: string): c is ResidentChannel => (CHANNELS as readonly string[]).includes(c);

export interface Preferences {
  topics: string[];
  channels: string[];
  streetId?: string | null;
  houseNumber?: string | null;
  /** A street typed on the portal that is not in the directory: kept unconfirmed for staff to see. */
  streetName?: string | null;
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
async function cleanPreferences(deps: AppDeps, tenant: TenantRow, p: Preferences): Promise<Preferences & { channels: ResidentChannel[] }> {
  const known = await tenantTopics(deps, tenant.id);
  const bad = p.topics.find((t) => !known.some((k) => k.key === t));
  if (bad) throw invalid('/body/topics', `"${bad}" is not a topic of ${tenant.name}`, 'not_found_here');
  const badChannel = p.channels.find((c) => !isChannel(c));
  if (badChannel) throw invalid('/body/channels', `"${badChannel}" is not a channel`, 'not_allowed');
  const mandatory = tenant.warningsOptional ? [] : known.filter((k) => k.mandatory).map((k) => k.key);
  return { ...p, topics: [...new Set([...p.topics, ...mandatory])], channels: [...new Set(p.channels.filter(isChannel))] };
}

export interface Contact {
  phone: string; // verified E.164
  email?: string | null;
  landline?: string | null;
  name?: string | null;
}

const sourceOf = (method: ConsentMeta['method']): FollowSource => (method === 'import' || method === 'staff' ? method : 'portal');

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
    const values = {
      topics: clean.topics,
      channels: clean.channels,
      streetId: clean.streetId ?? null,
      houseNumber: clean.houseNumber ?? null,
      streetName: clean.streetId ? null : (clean.streetName ?? null),
      lat: clean.lat ?? null,
      lng: clean.lng ?? null,
      quietStart: clean.quietStart ?? null,
      quietEnd: clean.quietEnd ?? null,
      language: clean.language ?? 'de',
      status: 'active' as const,
      source: sourceOf(meta.method),
      updatedAt: sql`now()`,
    };
    const [row] = existing
      ? await tx.update(follows).set(values).where(eq(follows.id, existing.id)).returning({ id: follows.id })
      : await tx
          .insert(follows)
          .values({ tenantId: tenant.id, residentId: resident.id, ...values })
          .returning({ id: follows.id });
    // coordinates come from the street directory unless the caller placed the resident itself
    if (clean.lat == null && clean.streetId) await locateFollows(tx, { followIds: [row.id] });
    await recordConsentChanges(
      tx,
      tenant.id,
      resident.id,
      text.hash,
      { channels: diff(before.channels, clean.channels), topics: diff(before.topics, clean.topics) },
      meta,
    );
    return row.id;
  });
  return { residentId: resident.id, followId };
}

export async function findResidentByPhone(deps: AppDeps, phone: string) {
  const [row] = await deps.db.system
    .select({ id: residents.id })
    .from(residents)
    .where(eq(residents.phoneHash, lookupHash(deps.config.secretKey, 'phone', phone)));
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
    // undefined keeps the stored street; null clears it (the resident emptied the field)
    const streetId = clean.streetId !== undefined ? clean.streetId : f.streetId;
    const streetName = streetId ? null : clean.streetName !== undefined ? clean.streetName : clean.streetId !== undefined ? null : f.streetName;
    await tx
      .update(follows)
      .set({
        topics: clean.topics,
        channels: clean.channels,
        streetId,
        streetName,
        houseNumber: clean.houseNumber ?? f.houseNumber,
        quietStart: clean.quietStart ?? null,
        quietEnd: clean.quietEnd ?? null,
        language: clean.language ?? f.language,
        status: 'active',
        updatedAt: sql`now()`,
      })
      .where(eq(follows.id, f.id));
    if (clean.lat === undefined && (streetId || f.streetId)) await locateFollows(tx, { followIds: [f.id] });
    else
      await tx
        .update(follows)
        .set({ lat: clean.lat, lng: clean.lng ?? null })
        .where(eq(follows.id, f.id));
    const before = f.status === 'active' ? f : { topics: [], channels: [] };
    await recordConsentChanges(
      tx,
      tenant.id,
      residentId,
      text.hash,
      { channels: diff(before.channels, clean.channels), topics: diff(before.topics, clean.topics) },
      meta,
    );
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
      tx
        .select({
          id: pushSubscriptions.id,
          endpoint: pushSubscriptions.endpoint,
          userAgent: pushSubscriptions.userAgent,
          createdAt: pushSubscriptions.createdAt,
        })
        .from(pushSubscriptions)
        .where(eq(pushSubscriptions.residentId, residentId)),
    );
    const recipients = [phone, email, ...devices.map((d) => d.id)].filter(Boolean) as string[];
    const sent = await deps.db.withTenant(f.tenantId, (tx) =>
      tx
        .select({ channel: deliveries.channel, status: deliveries.status, at: deliveries.createdAt })
        .from(deliveries)
        .where(sql`${deliveries.recipient} = any(${sql.param(recipients)}::text[])`)
        .limit(1000),
    );
    // scanned consent forms staff attached: a copy belongs to the resident's data too (Art. 15(3))
    const scans = await deps.db.withTenant(f.tenantId, (tx) =>
      tx
        .select({
          fileName: consentAttachments.fileName,
          contentType: consentAttachments.contentType,
          size: consentAttachments.size,
          createdAt: consentAttachments.createdAt,
          dataEnc: consentAttachments.dataEnc,
        })
        .from(consentAttachments)
        .where(eq(consentAttachments.residentId, residentId)),
    );
    const consentScans = scans.map(({ dataEnc, ...meta }) => ({ ...meta, dataBase64: unseal(key, dataEnc) }));
    // the address and topics in words, not as ids and keys: the resident reads this (Art. 15) and takes it along (Art. 20)
    const [street] = f.streetId
      ? await deps.db.withTenant(f.tenantId, (tx) =>
          tx.select({ name: streets.name, postcode: streets.postcode }).from(streets).where(eq(streets.id, f.streetId!)),
        )
      : [];
    const address =
      street || f.streetName || f.houseNumber
        ? {
            street: street?.name ?? f.streetName ?? null,
            houseNumber: f.houseNumber || null,
            postcode: street?.postcode || null,
            inStreetDirectory: Boolean(street),
          }
        : null;
    const topicNames = Object.fromEntries((await tenantTopics(deps, f.tenantId)).map((tp) => [tp.key, { de: tp.nameDe, en: tp.nameEn }]));
    // the reports (Mängelmeldungen) they filed here, signed in or by their number or address before
    const reportHashes = [r.phoneHash, r.emailHash].filter((h): h is string => Boolean(h));
    const filed = await deps.db.withTenant(f.tenantId, (tx) =>
      queryRows<{
        number: string | number;
        category: string | null;
        description: string;
        status: string;
        address: string;
        createdAt: Date;
        closedAt: Date | null;
      }>(
        tx,
        sql`select p.number, c.name as category, p.description, p.status, p.address, p.created_at as "createdAt", p.closed_at as "closedAt"
              from reports p left join report_categories c on c.tenant_id = p.tenant_id and c.id = p.category_id
             where p.resident_id = ${residentId} or p.contact_hash = any(${sql.param(reportHashes)}::text[])
             order by p.created_at`,
      ),
    );
    out.push({
      tenantId: f.tenantId,
      follow: { ...f, residentId: undefined },
      address,
      topicNames,
      consents: history.map((c) => ({ ...c, residentId: undefined })),
      consentScans,
      pushSubscriptions: devices,
      deliveries: sent,
      reports: filed.map((x) => ({ ...x, number: Number(x.number) })),
    });
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
  const r = await erase(deps, residentId, null);
  // the portal's request limits count under keys derived from the number and the address: they go too
  if (r?.phoneHash) await forgetLimitKey(deps.db, NUMBER_LIMIT_NAME, numberLimitKey(r.phoneHash));
  if (r?.emailHash) await forgetLimitKey(deps.db, ADDRESS_LIMIT_NAME, addressLimitKey(r.emailHash));
}

/**
 * Art. 17 for one municipality of a resident who follows others too: only this tenant's subscription, ledger link,
 * scans, codes and delivery addresses go. The ledger is pseudonymised, which the application role may not do.
 */
export async function eraseResidentFromTenant(deps: AppDeps, tenantId: string, residentId: string) {
  await erase(deps, residentId, tenantId);
}

/**
 * The erasure in one municipality (`tenantId`: its follow goes) or in every one (null: the resident row goes, with
 * the follows and sessions). Returns the erased resident's row, undefined when there was none.
 */
async function erase(deps: AppDeps, residentId: string, tenantId: string | null) {
  const [r] = await deps.db.system.select().from(residents).where(eq(residents.id, residentId));
  if (!r) return undefined;
  const addresses = erasureAddresses(deps.config.secretKey, r);
  const tag = `erased:${residentId.slice(0, 8)}`;
  const scoped = (tenantColumn: PgColumn, condition: SQL) => (tenantId ? (and(eq(tenantColumn, tenantId), condition) as SQL) : condition);
  const inTenant = tenantId ? sql` and tenant_id = ${tenantId}` : sql``;
  const eventAnswers = await deps.db.system.transaction(async (tx) => {
    const freed = await eraseContactTraces(tx, erasureScope(deps.config.secretKey, r, addresses, tenantId));
    if (addresses.length) {
      const list = sql.param(addresses);
      await tx
        .update(deliveries)
        .set({ recipient: tag })
        .where(scoped(deliveries.tenantId, sql`${deliveries.recipient} = any(${list}::text[])`));
      await tx
        .update(inboundMessages)
        .set({ sender: tag, text: '', subject: null, raw: {} })
        .where(scoped(inboundMessages.tenantId, sql`${inboundMessages.sender} = any(${list}::text[])`));
      await tx.delete(devOutbox).where(scoped(devOutbox.tenantId, sql`${devOutbox.recipient} = any(${list}::text[])`));
    }
    await tx.delete(pushSubscriptions).where(scoped(pushSubscriptions.tenantId, eq(pushSubscriptions.residentId, residentId)));
    // the delivery history stays for statistics, no longer linked to the person
    await tx
      .update(deliveries)
      .set({ residentId: null })
      .where(scoped(deliveries.tenantId, eq(deliveries.residentId, residentId)));
    // who a staff message reached (for its corrections): the link to the person goes
    await tx.execute(sql`delete from campaign_recipients where resident_id = ${residentId}${inTenant}`);
    // code rows name the number by its keyed hash (and its first digits)
    if (r.phoneHash) await tx.delete(verificationCodes).where(scoped(verificationCodes.tenantId, eq(verificationCodes.phoneHash, r.phoneHash)));
    // the ledger stays as pseudonymised evidence, but a scanned form shows the name and signature: it goes
    await tx.delete(consentAttachments).where(scoped(consentAttachments.tenantId, eq(consentAttachments.residentId, residentId)));
    await tx.execute(sql`update consents set resident_id = null, proof = null where resident_id = ${residentId}${inTenant}`);
    if (tenantId) await tx.delete(follows).where(and(eq(follows.tenantId, tenantId), eq(follows.residentId, residentId)));
    else {
      await tx.delete(emailLinks).where(eq(emailLinks.residentId, residentId));
      await tx.delete(residents).where(eq(residents.id, residentId)); // follows and sessions go with it
    }
    return freed;
  });
  if (eventAnswers.length) emit('residents.erased', { eventAnswers });
  return r;
}

type SystemTx = Parameters<Parameters<AppDeps['db']['system']['transaction']>[0]>[0];

/** Whom an erasure looks for: the resident, their numbers and addresses and the keyed hashes of those, and where. */
interface ErasureScope {
  r: typeof residents.$inferSelect;
  addresses: string[];
  hashes: string[];
  /** `and <alias>.tenant_id = …` for one municipality, nothing for every one. */
  inTenant: (alias: string) => SQL;
}

function erasureScope(key: Buffer, r: typeof residents.$inferSelect, addresses: string[], tenantId: string | null): ErasureScope {
  const hashes = [
    ...new Set(
      [r.phoneHash, r.emailHash, ...addresses.map((a) => (a.includes('@') ? lookupHash(key, 'email', a) : lookupHash(key, 'phone', a)))].filter(
        (h): h is string => Boolean(h),
      ),
    ),
  ];
  const inTenant = (alias: string) => (tenantId ? sql`and ${sql.identifier(alias)}.tenant_id = ${tenantId}` : sql``);
  return { r, addresses, hashes, inTenant };
}

/**
 * What the resident left in the inbox and the reports (Art. 17), in one municipality or in every one. Returns the
 * events whose confirmed answers went: the caller says so after its commit ('residents.erased'), so their waiting lists move.
 */
async function eraseContactTraces(tx: SystemTx, scope: ErasureScope): Promise<Array<{ tenantId: string; eventId: string }>> {
  await eraseConversations(tx, scope);
  await eraseReports(tx, scope);
  await eraseSurveyAnswers(tx, scope);
  // their waste reminder (street, types, time) goes; plain SQL: the waste module imports this one
  await tx.execute(sql`delete from waste_reminders w where w.resident_id = ${scope.r.id} ${scope.inTenant('w')}`);
  // their answers to events (with the reminder marks on them); plain SQL: the events module imports this one
  return queryRows<{ tenantId: string; eventId: string }>(
    tx,
    sql`with gone as (delete from event_rsvps e where e.resident_id = ${scope.r.id} ${scope.inTenant('e')} returning e.tenant_id, e.event_id, e.state)
        select distinct tenant_id as "tenantId", event_id as "eventId" from gone where state = 'confirmed'`,
  );
}

/**
 * The resident's survey traces (Art. 17): their non-anonymous responses with the answers (the survey's count follows),
 * and the rows saying they took part. Anonymous responses carry no resident and stay. Plain SQL: surveys imports this module.
 */
async function eraseSurveyAnswers(tx: SystemTx, { r, inTenant }: ErasureScope) {
  await tx.execute(sql`
    with gone as (
      delete from survey_responses x where x.resident_id = ${r.id} ${inTenant('x')} returning x.tenant_id, x.id, x.survey_id
    ),
    ans as (delete from survey_answers a where (a.tenant_id, a.response_id) in (select tenant_id, id from gone)),
    cnt as (
      update surveys s set response_count = greatest(s.response_count - g.n, 0)
        from (select tenant_id, survey_id, count(*)::int as n from gone group by 1, 2) g
       where s.tenant_id = g.tenant_id and s.id = g.survey_id
    )
    delete from survey_participants p where p.resident_id = ${r.id} ${inTenant('p')}`);
}

/**
 * The resident's inbox (Art. 17): their conversations (by resident, or by the keyed hash of their number or address
 * for those written before they were known) go with every entry, attachment and staff notification, and so do the
 * inbound messages they sent (threaded or not); the texts of replies to them and of staff notice mails about those
 * conversations are blanked. Plain SQL on purpose: the inbox module imports this one, so this one
 * cannot import it. `tenantId` null: in every municipality.
 */
async function eraseConversations(tx: SystemTx, { r, addresses, hashes, inTenant }: ErasureScope) {
  const senders = [...addresses, `resident:${r.id}`];
  await tx.execute(sql`
    with conv as (
      select c.tenant_id, c.id from conversations c
      where (c.resident_id = ${r.id} or c.contact_hash = any(${sql.param(hashes)}::text[])) ${inTenant('c')}
    ),
    it as (
      select i.tenant_id, i.id, i.inbound_message_id, i.sent_message_id from conversation_items i
      where (i.tenant_id, i.conversation_id) in (select tenant_id, id from conv)
    ),
    inb as (
      select m.id from inbound_messages m where m.id in (select inbound_message_id from it where inbound_message_id is not null)
      union select m.id from inbound_messages m where m.conversation_id in (select id from conv)
      union select m.id from inbound_messages m where m.sender = any(${sql.param(senders)}::text[]) ${inTenant('m')}
    ),
    da as (
      delete from conversation_attachments a
      where (a.tenant_id, a.conversation_id) in (select tenant_id, id from conv) or (a.tenant_id, a.item_id) in (select tenant_id, id from it)
         or a.inbound_message_id in (select id from inb)
    ),
    dn as (delete from staff_notifications n where (n.tenant_id, n.conversation_id) in (select tenant_id, id from conv)),
    di as (delete from conversation_items i where (i.tenant_id, i.id) in (select tenant_id, id from it)),
    dm as (delete from inbound_messages m where m.id in (select id from inb)),
    -- what staff wrote to them, and notice mails to staff that quote the conversation's subject (they link to it):
    -- the messages stay for the delivery statistics, their words go
    msg as (
      select g.id from messages g
      where g.id in (select sent_message_id from it where sent_message_id is not null)
         or g.text like any (array(select '%/inbox/' || id::text || '%' from conv))
    ),
    sm as (update messages g set text = '', subject = null, html = null, sms_text = null, sealed = null where g.id in (select id from msg)),
    -- and the copies the development outbox keeps of them
    so as (
      delete from dev_outbox o
      where o.meta->>'deliveryId' in (select d.id::text from deliveries d where d.message_id in (select id from msg))
    )
    delete from conversations c where (c.tenant_id, c.id) in (select tenant_id, id from conv)`);
}

/**
 * The resident's reports (Art. 17): they stay (the problem at the place is still a fact for the municipality and the
 * public map) but become anonymous: no resident, no sealed contact or name, no hash to find them by; the reasons they
 * gave for reopening (their words) are blanked, and their follows of reports go. Plain SQL as eraseConversations:
 * the reports module imports this one. `tenantId` null: in every municipality.
 */
async function eraseReports(tx: SystemTx, { r, hashes, inTenant }: ErasureScope) {
  await tx.execute(sql`
    with mine as (
      select p.tenant_id, p.id from reports p
      where (p.resident_id = ${r.id} or p.contact_hash = any(${sql.param(hashes)}::text[])) ${inTenant('p')}
    ),
    reasons as (
      update report_items i set body = ''
      where (i.tenant_id, i.report_id) in (select tenant_id, id from mine) and i.event->>'type' = 'reopened'
    )
    update reports p set contact_kind = 'anonymous', resident_id = null, contact_hash = null, contact_enc = null,
                         contact_name_enc = null, updated_at = now()
    where (p.tenant_id, p.id) in (select tenant_id, id from mine)`);
  await tx.execute(sql`
    delete from report_followers f
    where (f.resident_id = ${r.id} or f.contact_hash = any(${sql.param(hashes)}::text[])) ${inTenant('f')}`);
}

/** Every address the delivery history may hold for this resident. */
function erasureAddresses(key: Buffer, r: typeof residents.$inferSelect): string[] {
  const email = unseal(key, r.emailEnc);
  // the delivery engine stores e-mail addresses in lower case
  return [...new Set([unseal(key, r.phoneEnc), email, email?.toLowerCase(), unseal(key, r.landlineEnc)])].filter((x): x is string => Boolean(x));
}

/** True when the resident also follows another municipality (their account stays for that one). */
export async function followsElsewhere(deps: AppDeps, residentId: string, tenantId: string): Promise<boolean> {
  const others = await deps.db.system
    .select({ id: follows.id })
    .from(follows)
    .where(and(eq(follows.residentId, residentId), ne(follows.tenantId, tenantId)))
    .limit(1);
  return others.length > 0;
}

/** Sets or clears the resident's e-mail address (encrypted, with its look-up hash); a new address is unverified. */
export async function setResidentEmail(deps: AppDeps, residentId: string, email: string) {
  const key = deps.config.secretKey;
  await deps.db.system
    .update(residents)
    .set({ emailEnc: seal(key, email || null), emailHash: email ? lookupHash(key, 'email', email) : null, emailVerifiedAt: null, updatedAt: sql`now()` })
    .where(eq(residents.id, residentId));
}

export function residentContact(deps: AppDeps, row: typeof residents.$inferSelect) {
  const key = deps.config.secretKey;
  return { phone: unseal(key, row.phoneEnc), email: unseal(key, row.emailEnc), landline: unseal(key, row.landlineEnc), name: unseal(key, row.nameEnc) };
}
