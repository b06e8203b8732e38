// Who receives a message: active follows by topic, street (with house number ranges) or area, and channel.
import { sql } from 'drizzle-orm';
import { countWaiting, quietHoursApply } from '../../../common/quiet-hours.ts';
import { unseal } from '../../platform/auth/crypto.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { tenants, topics as topicsTable } from '../../platform/db/schema.ts';
import { invalid } from '../../platform/errors.ts';
import { placeMatcher } from './places.ts';

export const WARNING_TOPIC = 'warnungen';

export interface AudienceQuery {
  topics?: string[];
  areaIds?: string[];
  streetIds?: string[];
  /** Residents with any of these tags. */
  tags?: string[];
  /** Only these residents (a follow-up to those a message did not reach). */
  residentIds?: string[];
  channels: string[];
  /** Withdrawn follows are never an audience; the field exists so callers can see that. */
  includeWithdrawn?: false;
  /** A warning ignores topics (warnings are mandatory), except where the tenant lets residents switch them off. */
  warning?: boolean;
}

export interface Recipient {
  residentId: string;
  /** The language the resident reads this municipality in (the messages issue picks the text variant by it). */
  language: string;
  sms?: string;
  email?: string;
  /** The resident's push subscriptions (one per browser or phone that turned notifications on). */
  push?: string[];
  /** The resident's quiet hours (minutes of the day in the municipality's time zone), when set. */
  quiet?: { start: number; end: number };
}

interface Match {
  residentId: string;
  language: string;
  channels: string[];
  hasPhone: boolean;
  hasEmail: boolean;
  hasPush: boolean;
  quietStart: number | null;
  quietEnd: number | null;
}

interface Candidate extends Match {
  streetId: string | null;
  houseNumber: string | null;
  lat: number | null;
  lng: number | null;
}

/** A match with its sealed contact data and push subscription ids, read when the audience is resolved for sending. */
interface Addressed extends Candidate {
  phoneEnc: string | null;
  emailEnc: string | null;
  emailVerified: boolean;
  pushIds: string[] | null;
}

/** Where the audience sits in the request, for error pointers: `/body` (preview) or `/body/audience` (send). */
export interface AudienceOptions {
  at?: string;
}

/** The follows that match, without any personal data: SQL narrows by topic, channel, street ids and bounding boxes. */
export function matchAudience(deps: AppDeps, tenantId: string, q: AudienceQuery, opts: AudienceOptions = {}): Promise<Match[]> {
  checkChannels(q, opts);
  return deps.db.withTenant(tenantId, (tx) => matchIn(tx, tenantId, q, opts));
}

function checkChannels(q: AudienceQuery, opts: AudienceOptions) {
  if (!q.channels.length) throw invalid(`${opts.at ?? '/body'}/channels`, 'name at least one channel', 'too_few', { minimum: 1 });
}

/** matchAudience in the caller's tenant transaction; with `addressed`, each match brings its sealed contact data. */
async function matchIn(tx: Tx, tenantId: string, q: AudienceQuery, opts: AudienceOptions): Promise<Match[]>;
async function matchIn(tx: Tx, tenantId: string, q: AudienceQuery, opts: AudienceOptions, addressed: true): Promise<Addressed[]>;
async function matchIn(tx: Tx, tenantId: string, q: AudienceQuery, opts: AudienceOptions, addressed = false): Promise<Match[]> {
  const at = opts.at ?? '/body';
  if (q.topics?.length) {
    // a misspelt topic would reach nobody without a word; name it instead
    const known = new Set((await tx.select({ key: topicsTable.key }).from(topicsTable)).map((t) => t.key));
    const unknown = q.topics.findIndex((t) => !known.has(t));
    if (unknown >= 0) throw invalid(`${at}/topics/${unknown}`, `"${q.topics[unknown]}" is not a topic of this municipality`, 'not_found_here');
  }
  const place = await placeMatcher(tx, q, { streetIds: `${at}/streetIds`, areaIds: `${at}/areaIds` });

  const where = [sql`f.status = 'active'`, sql`f.channels ?| ${sql.param(q.channels)}::text[]`];
  if (q.warning) {
    // a warning reaches every follower, unless residents may switch warnings off or the policy keeps to topics; the
    // tenant's settings are read in the same statement (a warning's accept waits for every round trip)
    where.push(sql`(f.topics ? ${WARNING_TOPIC} or not exists (
      select 1 from ${tenants} t where t.id = ${tenantId} and (t.warnings_optional or t.warning_policy->>'ignoreTopics' = 'false')))`);
  } else if (q.topics?.length) where.push(sql`f.topics ?| ${sql.param(q.topics)}::text[]`);
  if (q.tags?.length) where.push(sql`f.tags ?| ${sql.param(q.tags)}::text[]`);
  if (q.residentIds) where.push(sql`f.resident_id = any(${sql.param(q.residentIds)}::uuid[])`);
  if (place) where.push(place.narrow({ streetId: sql`f.street_id`, lat: sql`f.lat`, lng: sql`f.lng` }));
  // the sealed contact data and push subscriptions come with the match when sending (a warning's accept waits for each
  // round trip); a preview reads none of them
  const contacts = addressed
    ? sql`, r.phone_enc as "phoneEnc", r.email_enc as "emailEnc", r.email_verified_at is not null as "emailVerified", p.ids as "pushIds"`
    : sql``;
  const push = addressed
    ? sql`(select resident_id, array_agg(id) as ids from push_subscriptions where resident_id is not null group by resident_id)`
    : sql`(select distinct resident_id from push_subscriptions where resident_id is not null)`;
  const rows = await queryRows<Candidate>(
    tx,
    sql`
    select f.resident_id as "residentId", f.language, f.channels, f.quiet_start as "quietStart", f.quiet_end as "quietEnd", f.street_id as "streetId", f.house_number as "houseNumber", f.lat, f.lng,
           r.phone_hash is not null as "hasPhone", r.email_verified_at is not null as "hasEmail", p.resident_id is not null as "hasPush"${contacts}
      from follows f join residents r on r.id = f.resident_id
      left join ${push} p on p.resident_id = f.resident_id
     where ${sql.join(where, sql` and `)}`,
  );
  return place ? rows.filter((c) => place.matches(c)) : rows;
}

/** The recipients with their addresses; contact data is decrypted only for the residents selected. */
export function resolveAudience(
  deps: AppDeps,
  tenantId: string,
  q: AudienceQuery,
  opts: AudienceOptions = {},
): Promise<{ recipients: Recipient[]; count: number }> {
  checkChannels(q, opts);
  return deps.db.withTenant(tenantId, (tx) => resolveAudienceIn(deps, tx, tenantId, q, opts));
}

/**
 * `resolveAudience` in the caller's tenant transaction: a warning resolves its audience in the transaction that writes
 * it. The follows, their sealed contact data and their push subscriptions come in one statement.
 */
export async function resolveAudienceIn(
  deps: AppDeps,
  tx: Tx,
  tenantId: string,
  q: AudienceQuery,
  opts: AudienceOptions = {},
): Promise<{ recipients: Recipient[]; count: number }> {
  checkChannels(q, opts);
  const key = deps.config.secretKey;
  const wantSms = q.channels.includes('sms');
  const wantEmail = q.channels.includes('email');
  const wantPush = q.channels.includes('push');
  const matches = await matchIn(tx, tenantId, q, opts, true);
  const recipients: Recipient[] = [];
  for (const m of matches) {
    const r: Recipient = { residentId: m.residentId, language: m.language };
    if (m.quietStart !== null && m.quietEnd !== null) r.quiet = { start: m.quietStart, end: m.quietEnd };
    if (wantSms && m.channels.includes('sms') && m.phoneEnc) r.sms = unseal(key, m.phoneEnc)!;
    // an address typed on the portal counts once its link was clicked; staff and imports confirm with the consent proof
    if (wantEmail && m.channels.includes('email') && m.emailEnc && m.emailVerified) r.email = unseal(key, m.emailEnc)!;
    if (wantPush && m.channels.includes('push') && m.pushIds?.length) r.push = m.pushIds;
    if (r.sms || r.email || r.push) recipients.push(r); // nobody to reach on the channels asked for
  }
  return { recipients, count: recipients.length };
}

/**
 * Counts for the console before a send: how many residents, how many per channel, and how many would wait for their
 * quiet hours if it went out now (0 for a warning when the tenant's policy lets warnings pass them). No personal data.
 */
export async function previewAudience(deps: AppDeps, tenantId: string, q: AudienceQuery, now: Date = new Date()) {
  const matches = await matchAudience(deps, tenantId, q);
  const [tenant] = await deps.db.withTenant(tenantId, (tx) =>
    tx.select({ timeZone: tenants.timeZone, policy: tenants.warningPolicy }).from(tenants).where(sql`${tenants.id} = ${tenantId}`),
  );
  const quiet = !!tenant && quietHoursApply(q.warning ? 'warning' : 'message', tenant.policy);
  const waiting = quiet && tenant ? countWaiting(matches, tenant.timeZone, now) : 0;
  const byChannel: Record<string, number> = Object.fromEntries(q.channels.map((c) => [c, 0]));
  for (const m of matches) {
    for (const c of q.channels) {
      if (!m.channels.includes(c)) continue;
      if ((c === 'sms' && !m.hasPhone) || (c === 'email' && !m.hasEmail) || (c === 'push' && !m.hasPush)) continue;
      byChannel[c]++;
    }
  }
  return { count: matches.length, byChannel, waiting };
}
