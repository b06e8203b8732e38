// Staff work on residents of one tenant: list and exact search, detail (every view audited), manual entry with a
// consent proof, preferences, withdrawal, erasure, the consent proof export and the CSV export.
import { and, eq, sql } from 'drizzle-orm';
import { parsePhoneNumberFromString as parseFull } from 'libphonenumber-js/max';
import { classifyPhone } from '../../../../common/phone.ts';
import { type Actor, recordAudit } from '../../../platform/audit.ts';
import type { AppDeps } from '../../../platform/context.ts';
import { queryRows, type Tx } from '../../../platform/db/client.ts';
import { follows, residents } from '../../../platform/db/schema.ts';
import { decodeCursor, encodeCursor } from '../../../platform/cursor.ts';
import { AppError, invalid, notFound } from '../../../platform/errors.ts';
import type { TenantRow } from '../../../platform/tenancy.ts';
import { placeMatcher } from '../../geo/index.ts';
import { lookupHash, unseal } from '../residents.crypto.ts';
import { eraseResident, eraseResidentFromTenant, followsElsewhere, registerResident, updatePreferences, withdrawConsent } from '../residents.service.ts';
import { checkPhone } from '../verification.service.ts';
import { type CheckedScan, checkScan, presentAttachment, storeScan } from './consent-attachments.service.ts';
import * as repo from './residents.repository.ts';
import type { CreateResidentBody, ListQuery, PreferencesBody } from './residents.schemas.ts';

type ListRow = Awaited<ReturnType<typeof repo.listFollowRows>>[number];

/** `+491705551234` → `+49 170 •••• 34`: enough to recognise a caller, not to write the number down. */
export function maskPhone(e164: string | null): string | null {
  if (!e164) return null;
  const n = parseFull(e164);
  const groups = (n?.formatInternational() ?? e164).split(' ');
  const digits = e164.replace(/\D/g, '');
  return `${groups.slice(0, 2).join(' ')} •••• ${digits.slice(-2)}`;
}

export function maskEmail(email: string | null): string | null {
  if (!email) return null;
  const [local, domain] = email.split('@');
  return `${local.slice(0, 1)}•••@${domain}`;
}

/** Personal data is encrypted, so search is exact: a whole phone number or a whole e-mail address. */
function searchFilter(deps: AppDeps, q: string | undefined): Pick<repo.FollowFilter, 'phoneHashes' | 'emailHash'> {
  if (!q) return {};
  const key = deps.config.secretKey;
  if (q.includes('@')) return { emailHash: lookupHash(key, 'email', q) };
  const n = parseFull(q, 'DE');
  if (!n?.isValid())
    throw invalid(
      '/querystring/q',
      'search with a whole phone number (e.g. 0170 1234567) or a whole e-mail address; parts cannot be found because the data is encrypted',
      'search_whole',
    );
  return { phoneHashes: { phone: lookupHash(key, 'phone', n.number), landline: lookupHash(key, 'landline', n.number) } };
}

type FilterQuery = Omit<ListQuery, 'limit' | 'after' | 'q'> & { q?: string };

const filterOf = (q: FilterQuery, deps: AppDeps): repo.FollowFilter => ({
  topic: q.topic,
  channel: q.channel,
  status: q.status,
  verified: q.verified === undefined ? undefined : q.verified === 'true',
  ...searchFilter(deps, q.q),
});

/**
 * The follows on the chosen street and inside the chosen area (both when both are given), by the audience rule of geo:
 * a list filtered by place shows whom a message to that place would reach. Null when no place is chosen.
 */
async function followsInPlace(tx: Tx, q: Pick<ListQuery, 'street' | 'area'>): Promise<string[] | null> {
  const pointers = { streetIds: '/querystring/street', areaIds: '/querystring/area' };
  const matchers = [];
  if (q.street) matchers.push(await placeMatcher(tx, { streetIds: [q.street] }, pointers));
  if (q.area) matchers.push(await placeMatcher(tx, { areaIds: [q.area] }, pointers));
  const places = matchers.filter((m) => m !== null);
  if (!places.length) return null;
  const columns = { streetId: sql`${follows.streetId}`, lat: sql`${follows.lat}`, lng: sql`${follows.lng}` };
  const candidates = await repo.placeCandidates(
    tx,
    places.map((p) => p.narrow(columns)),
  );
  return candidates.filter((c) => places.every((p) => p.matches(c))).map((c) => c.followId);
}

async function withPlace(tx: Tx, filter: repo.FollowFilter, q: Pick<ListQuery, 'street' | 'area'>): Promise<repo.FollowFilter> {
  const followIds = await followsInPlace(tx, q);
  return followIds ? { ...filter, followIds } : filter;
}

function presentRow(deps: AppDeps, r: ListRow) {
  const key = deps.config.secretKey;
  return {
    id: r.residentId,
    followId: r.followId,
    phone: maskPhone(unseal(key, r.phoneEnc) ?? unseal(key, r.landlineEnc)),
    emailMasked: maskEmail(unseal(key, r.emailEnc)),
    topics: r.topics,
    channels: r.channels,
    status: r.status,
    source: r.source,
    addressUnconfirmed: Boolean(r.addressUnconfirmed),
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listResidents(deps: AppDeps, actor: Actor, tenant: TenantRow, query: ListQuery) {
  const filter = filterOf(query, deps);
  const after = decodeCursor(query.after, '/querystring/after', 'is not a cursor from a previous page');
  return deps.db.withTenant(tenant.id, async (tx) => {
    const rows = await repo.listFollowRows(tx, await withPlace(tx, filter, query), query.limit + 1, after);
    const page = rows.slice(0, query.limit);
    if (query.q) {
      // a look-up by phone or e-mail tells whether a person is registered: that is a view of personal data
      await recordAudit(tx, tenant.id, actor, {
        action: 'residents.searched',
        objectType: 'resident',
        details: { by: filter.emailHash ? 'email' : 'phone', found: page.length },
      });
    } else if (query.street || query.area) {
      // who lives on a street or in an area (masked contact, but on a small street that is a person): also a view
      await recordAudit(tx, tenant.id, actor, {
        action: 'residents.searched',
        objectType: 'resident',
        details: { by: 'place', street: query.street ?? null, area: query.area ?? null, found: page.length },
      });
    }
    const last = page.at(-1);
    return { items: page.map((r) => presentRow(deps, r)), nextAfter: rows.length > query.limit && last ? encodeCursor(last.cursorAt, last.followId) : null };
  });
}

async function followedResident(tx: Tx, residentId: string) {
  const row = await repo.findFollowedResident(tx, residentId);
  if (!row) throw notFound('This resident');
  return row;
}

function contactOf(deps: AppDeps, r: typeof residents.$inferSelect) {
  const key = deps.config.secretKey;
  return { phone: unseal(key, r.phoneEnc), email: unseal(key, r.emailEnc), landline: unseal(key, r.landlineEnc), name: unseal(key, r.nameEnc) };
}

const addressesOf = (c: ReturnType<typeof contactOf>) => [...new Set([c.phone, c.email, c.landline].filter((x): x is string => Boolean(x)))];

const presentConsent = (c: Awaited<ReturnType<typeof repo.consentLedger>>[number]) => ({
  id: c.id,
  action: c.action as 'given' | 'withdrawn',
  purpose: c.purpose,
  channel: c.channel,
  topic: c.topic,
  textHash: c.textHash,
  method: c.method,
  ipPrefix: c.ipPrefix,
  proof: c.proof,
  actorId: c.actorId,
  at: c.at.toISOString(),
});

/** Everything this tenant holds about one resident, in the clear; the view itself is written to the audit log. */
export async function viewResident(deps: AppDeps, actor: Actor, tenant: TenantRow, residentId: string) {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const { follow: f, resident: r } = await followedResident(tx, residentId);
    const contact = contactOf(deps, r);
    const addresses = [...addressesOf(contact), ...(await repo.pushSubscriptionIds(tx, residentId))];
    const [ledger, sent, street, scans] = [
      await repo.consentLedger(tx, residentId),
      await repo.recentDeliveries(tx, addresses),
      await repo.findStreetName(tx, f.streetId),
      await repo.listConsentAttachments(tx, residentId),
    ];
    await recordAudit(tx, tenant.id, actor, {
      action: 'resident.viewed',
      objectType: 'resident',
      objectId: residentId,
      details: { fields: Object.keys(contact).filter((k) => contact[k as keyof typeof contact]) },
    });
    return {
      id: r.id,
      followId: f.id,
      contact,
      language: r.language,
      emailVerified: Boolean(r.emailVerifiedAt),
      createdAt: r.createdAt.toISOString(),
      follow: {
        status: f.status,
        topics: f.topics,
        channels: f.channels,
        street: street ?? f.streetName,
        addressUnconfirmed: !street && Boolean(f.streetName),
        houseNumber: f.houseNumber,
        language: f.language,
        quietStart: f.quietStart,
        quietEnd: f.quietEnd,
        tags: f.tags,
        source: f.source,
        createdAt: f.createdAt.toISOString(),
        updatedAt: f.updatedAt.toISOString(),
      },
      consents: ledger.map(presentConsent),
      attachments: scans.map(presentAttachment),
      // the latest 50 of this tenant to the resident's phone, e-mail, landline and push subscriptions
      deliveries: sent.map((d) => ({ ...d, createdAt: d.createdAt.toISOString(), deliveredAt: d.deliveredAt?.toISOString() ?? null })),
    };
  });
}

async function streetIdFor(deps: AppDeps, tenant: TenantRow, street: string | undefined) {
  if (!street) return undefined;
  const row = await deps.db.withTenant(tenant.id, (tx) => repo.findStreetByName(tx, street));
  if (!row) throw invalid('/body/street', `is not in the street list of ${tenant.name}; check the spelling or leave it empty`, 'street_unknown');
  return row.id;
}

/** The ledger's proof text: what staff wrote, and the attached scan by name and id (the scan itself stays apart). */
const proofText = (text: string | undefined, scan: CheckedScan | null) =>
  [text, scan && `scan "${scan.fileName}" (attachment ${scan.id})`].filter(Boolean).join(' · ');

/** Manual entry for a resident without a smartphone: the consent proof (paper form, scan) goes into the ledger. */
export async function createResident(deps: AppDeps, actor: Actor, tenant: TenantRow, body: CreateResidentBody) {
  if (!body.consentProof && !body.consentScan)
    throw invalid('/body/consentProof', 'is required: describe the signed form, or attach its scan (PDF, PNG or JPEG)', 'proof_required');
  const scan = body.consentScan ? checkScan(body.consentScan, '/body/consentScan') : null;
  const phone = checkPhone(tenant, body.phone, 'voice'); // a landline is taken for voice calls; service numbers never
  const line = classifyPhone(phone);
  const landline = line.ok && line.line === 'landline';
  if (landline && body.channels.includes('sms')) throw invalid('/body/channels', 'a landline cannot receive SMS; choose voice or e-mail', 'landline_no_sms');
  if (body.channels.includes('email') && !body.email) throw invalid('/body/email', 'is required for the e-mail channel', 'required');
  const phoneHash = lookupHash(deps.config.secretKey, 'phone', phone);
  const existing = await deps.db.withTenant(tenant.id, (tx) =>
    tx.select({ id: residents.id }).from(follows).innerJoin(residents, eq(residents.id, follows.residentId)).where(eq(residents.phoneHash, phoneHash)),
  );
  if (existing.length)
    throw new AppError('conflict', 'A resident with this phone number is already registered here; open their page to change preferences.', [], {
      residentId: existing[0].id,
    });
  const streetId = await streetIdFor(deps, tenant, body.street);
  const contact = { phone, email: body.email || null, landline: landline ? phone : null, name: body.name || null };
  const prefs = { topics: body.topics, channels: body.channels, streetId, houseNumber: body.houseNumber || null, language: body.language };
  const { residentId, followId } = await registerResident(deps, tenant, contact, prefs, {
    method: 'staff',
    ipPrefix: null,
    proof: proofText(body.consentProof, scan),
    actorId: actor.userId,
  });
  const attachment = await deps.db.withTenant(tenant.id, async (tx) => {
    if (body.tags?.length) await setTags(tx, tenant.id, residentId, body.tags);
    await recordAudit(tx, tenant.id, actor, {
      action: 'resident.created',
      objectType: 'resident',
      objectId: residentId,
      details: { channels: body.channels, topics: body.topics, landline, scan: Boolean(scan), ...(body.tags?.length ? { tags: body.tags } : {}) },
    });
    return scan ? storeScan(deps, tx, tenant.id, residentId, scan, actor) : null;
  });
  return { id: residentId, followId, attachments: attachment ? [attachment] : [] };
}

export async function changePreferences(deps: AppDeps, actor: Actor, tenant: TenantRow, residentId: string, body: PreferencesBody) {
  const { follow: f } = await deps.db.withTenant(tenant.id, (tx) => followedResident(tx, residentId));
  const topics = body.topics ?? f.topics;
  const channels = body.channels ?? f.channels;
  const gives = f.status !== 'active' || topics.some((x) => !f.topics.includes(x)) || channels.some((x) => !f.channels.includes(x));
  if (gives && !body.consentProof)
    throw invalid(
      '/body/consentProof',
      'is required when staff give consent on behalf of a resident (new topic or channel, or switching a withdrawn subscription on again)',
      'proof_required',
    );
  const streetId = await streetIdFor(deps, tenant, body.street);
  await updatePreferences(
    deps,
    tenant,
    residentId,
    { topics, channels, streetId, houseNumber: body.houseNumber, language: body.language, quietStart: f.quietStart, quietEnd: f.quietEnd },
    { method: 'staff', ipPrefix: null, proof: body.consentProof ?? null, actorId: actor.userId },
  );
  await deps.db.withTenant(tenant.id, async (tx) => {
    if (body.tags) await setTags(tx, tenant.id, residentId, body.tags);
    await recordAudit(tx, tenant.id, actor, {
      action: 'resident.updated',
      objectType: 'resident',
      objectId: residentId,
      details: { fields: Object.keys(body).filter((k) => k !== 'consentProof') },
    });
  });
  return viewResident(deps, actor, tenant, residentId);
}

/** Replaces the resident's tags in this tenant (trimmed, each once). */
async function setTags(tx: Tx, tenantId: string, residentId: string, tags: string[]) {
  const clean = [...new Set(tags.map((x) => x.trim()).filter(Boolean))];
  await tx
    .update(follows)
    .set({ tags: clean, updatedAt: sql`now()` })
    .where(and(eq(follows.tenantId, tenantId), eq(follows.residentId, residentId)));
}

/** The tenant's tags with how many residents (active subscriptions) carry each; no personal data. */
export async function listTags(deps: AppDeps, tenantId: string) {
  const rows = await deps.db.withTenant(tenantId, (tx) =>
    queryRows<{ tag: string; count: number }>(
      tx,
      sql`select x as tag, count(*)::int as count from follows f, jsonb_array_elements_text(f.tags) x
           where f.tenant_id = ${tenantId} and f.status = 'active' group by x order by lower(x), x limit 1000`,
    ),
  );
  return { items: rows.map((r) => ({ tag: r.tag, count: Number(r.count) })) };
}

export async function withdrawForResident(deps: AppDeps, actor: Actor, tenant: TenantRow, residentId: string, note: string | undefined) {
  await deps.db.withTenant(tenant.id, (tx) => followedResident(tx, residentId));
  await withdrawConsent(deps, tenant, residentId, { method: 'staff', ipPrefix: null, proof: note || null, actorId: actor.userId });
  await deps.db.withTenant(tenant.id, (tx) =>
    recordAudit(tx, tenant.id, actor, { action: 'resident.withdrawn', objectType: 'resident', objectId: residentId }),
  );
}

/**
 * Art. 17 for this tenant. A resident who follows other municipalities keeps their account there: only this
 * tenant's subscription, ledger link and delivery addresses go. Otherwise the whole account is erased.
 */
export async function eraseForTenant(deps: AppDeps, actor: Actor, tenant: TenantRow, residentId: string) {
  await deps.db.withTenant(tenant.id, (tx) => followedResident(tx, residentId)); // 404 unless they follow this tenant
  const elsewhere = await followsElsewhere(deps, residentId, tenant.id);
  if (elsewhere) await eraseResidentFromTenant(deps, tenant.id, residentId);
  else await eraseResident(deps, residentId);
  await deps.db.withTenant(tenant.id, (tx) =>
    recordAudit(tx, tenant.id, actor, {
      action: 'resident.erased',
      objectType: 'resident',
      objectId: residentId,
      details: { scope: elsewhere ? 'tenant' : 'account' },
    }),
  );
}

/** The proof of consent for one resident: the ledger of this tenant and every consent text it names, by hash. */
export async function consentProof(deps: AppDeps, actor: Actor, tenant: TenantRow, residentId: string) {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const { follow: f, resident: r } = await followedResident(tx, residentId);
    const ledger = await repo.consentLedger(tx, residentId);
    const texts = await repo.consentTextsByHash(tx, [...new Set(ledger.map((c) => c.textHash).filter((h): h is string => Boolean(h)))]);
    await recordAudit(tx, tenant.id, actor, { action: 'resident.consents_exported', objectType: 'resident', objectId: residentId });
    const contact = contactOf(deps, r);
    return {
      exportedAt: new Date().toISOString(),
      tenant: { slug: tenant.slug, name: tenant.name },
      resident: { id: r.id, phone: contact.phone, email: contact.email, name: contact.name },
      follow: { status: f.status, topics: f.topics, channels: f.channels, source: f.source, createdAt: f.createdAt.toISOString() },
      consents: ledger.map(presentConsent),
      texts: Object.fromEntries(texts.map((x) => [x.hash, { version: x.version, textDe: x.textDe, textEn: x.textEn, createdAt: x.createdAt.toISOString() }])),
    };
  });
}

// a cell that starts like a formula would run in a spreadsheet; numbers such as +49… stay as they are
const csvCell = (v: string) => {
  const safe = /^[=@\t\r]|^[+-](?![\d\s]+$)/.test(v) ? `'${v}` : v;
  return /[",\n\r;]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export async function exportCsv(deps: AppDeps, actor: Actor, tenant: TenantRow, query: FilterQuery) {
  const key = deps.config.secretKey;
  return deps.db.withTenant(tenant.id, async (tx) => {
    const rows = await repo.allFollowRows(tx, await withPlace(tx, filterOf(query, deps), query));
    await recordAudit(tx, tenant.id, actor, { action: 'residents.exported', objectType: 'resident', details: { rows: rows.length, filter: query } });
    const lines = [['id', 'phone', 'email', 'topics', 'channels', 'status', 'created'].join(',')];
    for (const r of rows) {
      const phone = unseal(key, r.phoneEnc) ?? unseal(key, r.landlineEnc) ?? '';
      lines.push(
        [r.residentId, phone, unseal(key, r.emailEnc) ?? '', r.topics.join(' '), r.channels.join(' '), r.status, r.createdAt.toISOString()]
          .map(csvCell)
          .join(','),
      );
    }
    return `${lines.join('\r\n')}\r\n`;
  });
}
