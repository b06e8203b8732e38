// SQL for the staff side of residents. Every function takes the tenant's transaction (RLS on follows, consents,
// topics, gdpr_requests); the global residents table is only joined through a follow of this tenant.
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { GdprKind, GdprStatus } from '../../../../common/states.ts';
import { type KeysetCursor, olderThan } from '../../../platform/cursor.ts';
import type { Tx } from '../../../platform/db/client.ts';
import {
  consentAttachments,
  consents,
  consentTexts,
  deliveries,
  follows,
  gdprRequests,
  messages,
  pushSubscriptions,
  residents,
  streets,
  topics,
} from '../../../platform/db/schema.ts';

export interface FollowFilter {
  topic?: string;
  channel?: string;
  status?: 'active' | 'withdrawn';
  /** true: the phone number was confirmed with an SMS code (registered on the portal). */
  verified?: boolean;
  /** Exact look-up by keyed hash (personal data is encrypted, so there is no partial search). */
  phoneHashes?: { phone: string; landline: string };
  emailHash?: string;
  /** Only these follows (the ones in the chosen street or area); empty matches nobody. */
  followIds?: string[];
}

export type Cursor = KeysetCursor;

const rowColumns = {
  followId: follows.id,
  residentId: follows.residentId,
  status: follows.status,
  topics: follows.topics,
  channels: follows.channels,
  source: follows.source,
  createdAt: follows.createdAt,
  cursorAt: sql<string>`${follows.createdAt}::text`,
  /** The resident typed a street that is not in the directory (kept unconfirmed). */
  addressUnconfirmed: sql<boolean>`(${follows.streetName} is not null and ${follows.streetId} is null)`,
  phoneEnc: residents.phoneEnc,
  emailEnc: residents.emailEnc,
  landlineEnc: residents.landlineEnc,
};

function conditions(f: FollowFilter): SQL[] {
  const where: SQL[] = [];
  if (f.topic) where.push(sql`${follows.topics} @> ${JSON.stringify([f.topic])}::jsonb`);
  if (f.channel) where.push(sql`${follows.channels} @> ${JSON.stringify([f.channel])}::jsonb`);
  if (f.status) where.push(eq(follows.status, f.status));
  if (f.verified !== undefined) where.push(f.verified ? eq(follows.source, 'portal') : sql`${follows.source} <> 'portal'`);
  if (f.phoneHashes) where.push(sql`(${residents.phoneHash} = ${f.phoneHashes.phone} or ${residents.landlineHash} = ${f.phoneHashes.landline})`);
  if (f.emailHash) where.push(eq(residents.emailHash, f.emailHash));
  if (f.followIds) where.push(f.followIds.length ? sql`${follows.id} = any(${sql.param(f.followIds)}::uuid[])` : sql`false`);
  return where;
}

export async function listFollowRows(tx: Tx, filter: FollowFilter, limit: number, after: Cursor | null) {
  const where = conditions(filter);
  if (after) where.push(olderThan(follows.createdAt, follows.id, after));
  return tx
    .select(rowColumns)
    .from(follows)
    .innerJoin(residents, eq(residents.id, follows.residentId))
    .where(and(...where))
    .orderBy(desc(follows.createdAt), desc(follows.id))
    .limit(limit);
}

export async function allFollowRows(tx: Tx, filter: FollowFilter) {
  return tx
    .select(rowColumns)
    .from(follows)
    .innerJoin(residents, eq(residents.id, follows.residentId))
    .where(and(...conditions(filter)))
    .orderBy(asc(follows.createdAt), asc(follows.id));
}

/** Where this tenant's follows live, narrowed by a coarse condition (street ids, bounding boxes); no personal data. */
export async function placeCandidates(tx: Tx, narrow: SQL[]) {
  return tx
    .select({ followId: follows.id, streetId: follows.streetId, houseNumber: follows.houseNumber, lat: follows.lat, lng: follows.lng })
    .from(follows)
    .where(and(...narrow));
}

/** The resident behind this tenant's follow; undefined when the resident does not follow this tenant. */
export async function findFollowedResident(tx: Tx, residentId: string) {
  const [row] = await tx
    .select({ follow: follows, resident: residents })
    .from(follows)
    .innerJoin(residents, eq(residents.id, follows.residentId))
    .where(eq(follows.residentId, residentId));
  return row;
}

export async function findStreetByName(tx: Tx, name: string) {
  const [row] = await tx.select({ id: streets.id, name: streets.name }).from(streets).where(sql`lower(${streets.name}) = lower(${name})`).limit(1);
  return row;
}

export async function findStreetName(tx: Tx, id: string | null) {
  if (!id) return null;
  const [row] = await tx.select({ name: streets.name }).from(streets).where(eq(streets.id, id));
  return row?.name ?? null;
}

export async function consentLedger(tx: Tx, residentId: string) {
  return tx.select().from(consents).where(eq(consents.residentId, residentId)).orderBy(asc(consents.at), asc(consents.id));
}

export async function consentTextsByHash(tx: Tx, hashes: string[]) {
  if (!hashes.length) return [];
  return tx.select().from(consentTexts).where(inArray(consentTexts.hash, hashes));
}

/** The resident's push subscriptions here: a push delivery names its subscription id as the recipient. */
export async function pushSubscriptionIds(tx: Tx, residentId: string) {
  const rows = await tx.select({ id: pushSubscriptions.id }).from(pushSubscriptions).where(eq(pushSubscriptions.residentId, residentId));
  return rows.map((r) => r.id);
}

/** Deliveries of this tenant to any of the resident's addresses, newest first. */
export async function recentDeliveries(tx: Tx, addresses: string[], limit = 50) {
  if (!addresses.length) return [];
  return tx
    .select({
      id: deliveries.id,
      messageId: deliveries.messageId,
      channel: deliveries.channel,
      status: deliveries.status,
      subject: messages.subject,
      text: messages.text,
      createdAt: deliveries.createdAt,
      deliveredAt: deliveries.deliveredAt,
      lastError: deliveries.lastError,
    })
    .from(deliveries)
    .leftJoin(messages, and(eq(messages.tenantId, deliveries.tenantId), eq(messages.id, deliveries.messageId)))
    .where(sql`${deliveries.recipient} = any(${sql.param(addresses)}::text[])`)
    .orderBy(desc(deliveries.createdAt))
    .limit(limit);
}

// ---- scanned consent proofs ----

const attachmentColumns = {
  id: consentAttachments.id,
  fileName: consentAttachments.fileName,
  contentType: consentAttachments.contentType,
  size: consentAttachments.size,
  createdBy: consentAttachments.createdBy,
  createdAt: consentAttachments.createdAt,
};

export async function listConsentAttachments(tx: Tx, residentId: string) {
  return tx
    .select(attachmentColumns)
    .from(consentAttachments)
    .where(eq(consentAttachments.residentId, residentId))
    .orderBy(asc(consentAttachments.createdAt), asc(consentAttachments.id));
}

export async function insertConsentAttachment(tx: Tx, values: typeof consentAttachments.$inferInsert) {
  const [row] = await tx.insert(consentAttachments).values(values).returning(attachmentColumns);
  return row;
}

/** One scan with its encrypted content; undefined when it is not this resident's (or not this tenant's). */
export async function findConsentAttachment(tx: Tx, residentId: string, id: string) {
  const [row] = await tx
    .select({ ...attachmentColumns, dataEnc: consentAttachments.dataEnc })
    .from(consentAttachments)
    .where(and(eq(consentAttachments.residentId, residentId), eq(consentAttachments.id, id)));
  return row;
}

// ---- GDPR requests ----

export async function listGdprRequests(tx: Tx) {
  return tx.select().from(gdprRequests).orderBy(sql`case when ${gdprRequests.status} = 'open' then 0 else 1 end`, asc(gdprRequests.dueAt));
}

export async function insertGdprRequest(
  tx: Tx,
  values: { tenantId: string; residentId: string | null; kind: GdprKind; note: string; receivedAt: Date | null },
) {
  const received = values.receivedAt ? sql`${values.receivedAt.toISOString()}::timestamptz` : sql`now()`;
  const [row] = await tx
    .insert(gdprRequests)
    .values({
      tenantId: values.tenantId,
      residentId: values.residentId,
      kind: values.kind,
      note: values.note,
      receivedAt: received,
      dueAt: sql`${received} + interval '1 month'`,
    })
    .returning();
  return row;
}

export async function findGdprRequest(tx: Tx, id: string) {
  const [row] = await tx.select().from(gdprRequests).where(eq(gdprRequests.id, id));
  return row;
}

export async function updateGdprRequest(tx: Tx, id: string, values: { status?: GdprStatus; note?: string }) {
  const completedAt = values.status === undefined ? undefined : values.status === 'done' ? sql`now()` : null;
  const [row] = await tx
    .update(gdprRequests)
    .set({ ...values, ...(completedAt !== undefined ? { completedAt } : {}) })
    .where(eq(gdprRequests.id, id))
    .returning();
  return row;
}

// ---- topics ----

export async function listTopics(tx: Tx) {
  return tx.select().from(topics).orderBy(asc(topics.position), asc(topics.key));
}

export async function findTopic(tx: Tx, id: string) {
  const [row] = await tx.select().from(topics).where(eq(topics.id, id));
  return row;
}

export async function insertTopic(tx: Tx, values: { tenantId: string; key: string; nameDe: string; nameEn: string; mandatory: boolean }) {
  const [{ next }] = await tx.select({ next: sql<number>`coalesce(max(${topics.position}), 0)::int + 1` }).from(topics);
  const [row] = await tx
    .insert(topics)
    .values({ ...values, position: Number(next) })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function updateTopic(tx: Tx, id: string, values: { nameDe?: string; nameEn?: string; mandatory?: boolean; position?: number }) {
  const [row] = await tx.update(topics).set(values).where(eq(topics.id, id)).returning();
  return row;
}

export async function deleteTopic(tx: Tx, id: string) {
  await tx.delete(topics).where(eq(topics.id, id));
}

export async function countActiveFollowers(tx: Tx, topicKey: string) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(follows)
    .where(and(eq(follows.status, 'active'), sql`${follows.topics} @> ${JSON.stringify([topicKey])}::jsonb`));
  return Number(row.n);
}
