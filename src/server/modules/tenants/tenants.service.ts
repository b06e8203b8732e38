// Tenants (municipalities) and networks: creation, settings, branding.
import { and, asc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { NetworkKind } from '../../../common/states.ts';
import type { Actor } from '../../platform/audit.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Database } from '../../platform/db/client.ts';
import { networks, networkTenants, tenants, topics } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { INSTALLATION_TENANT_ID, type TenantRow } from '../../platform/tenancy.ts';
import { type CreateTenantInput, createTenantInput, type TenantPatch } from './tenants.schemas.ts';

export function presentTenant(t: TenantRow) {
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    ags: t.ags,
    locale: t.locale === 'en' ? ('en' as const) : ('de' as const),
    timeZone: t.timeZone,
    brandColor: t.brandColor,
    hasLogo: Boolean(t.logo),
    contact: { email: t.contact.email ?? '', phone: t.contact.phone ?? '', address: t.contact.address ?? '', website: t.contact.website ?? '' },
    imprint: t.imprint,
    privacyText: t.privacyText,
    accessibilityFeedbackEmail: t.accessibilityFeedbackEmail,
    requireTwoFactor: t.requireTwoFactor,
    smsSenderId: t.smsSenderId,
    emailFromName: t.emailFromName,
    warningsOptional: t.warningsOptional,
    warningPolicy: t.warningPolicy,
    allowedCountries: t.allowedCountries,
    codeSmsDailyBudget: t.codeSmsDailyBudget,
    mapTileUrl: t.mapTileUrl,
    mapAttribution: t.mapAttribution,
    updatedAt: t.updatedAt.toISOString(),
  };
}

export async function createTenant(db: Database, input: CreateTenantInput): Promise<TenantRow> {
  const data = createTenantInput.parse(input);
  const existing = await findTenantBySlug(db, data.slug);
  if (existing) throw new AppError('conflict', `A municipality with the slug "${data.slug}" already exists.`);
  const [row] = await db.system.insert(tenants).values(data).returning();
  await db.withTenant(row.id, (tx) => tx.insert(topics).values(DEFAULT_TOPICS.map((t, i) => ({ tenantId: row.id, ...t, position: i + 1 }))));
  emit('tenant.changed', { tenantId: row.id, slug: row.slug }); // drops a cached "unknown slug" answer
  return row;
}

/** What a new municipality writes about until it edits the list; warnings are mandatory by default. */
export const DEFAULT_TOPICS = [
  { key: 'rathaus', nameDe: 'Rathaus', nameEn: 'Town hall', mandatory: false },
  { key: 'verkehr', nameDe: 'Verkehr', nameEn: 'Traffic', mandatory: false },
  { key: 'abfall', nameDe: 'Abfall', nameEn: 'Waste', mandatory: false },
  { key: 'veranstaltungen', nameDe: 'Veranstaltungen', nameEn: 'Events', mandatory: false },
  { key: 'baustellen', nameDe: 'Baustellen', nameEn: 'Roadworks', mandatory: false },
  { key: 'warnungen', nameDe: 'Warnungen', nameEn: 'Warnings', mandatory: true },
];

// The installation tenant (it sends installation mails) is no municipality: no slug look-up or list finds it.
const municipality = ne(tenants.id, INSTALLATION_TENANT_ID);

export async function findTenantBySlug(db: Database, slug: string): Promise<TenantRow | undefined> {
  const [row] = await db.system
    .select()
    .from(tenants)
    .where(and(eq(tenants.slug, slug), municipality))
    .limit(1);
  return row;
}

export async function listTenants(db: Database) {
  return db.system.select().from(tenants).where(municipality).orderBy(asc(tenants.name));
}

/** A tenant by id (a job or an inbound message names it), the installation's own included. */
export async function findTenantById(db: Database, id: string): Promise<TenantRow | undefined> {
  const [row] = await db.system.select().from(tenants).where(eq(tenants.id, id)).limit(1);
  return row;
}

/** Names of these tenants by id (a resident's page lists the municipalities they follow). */
export async function tenantNamesById(db: Database, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.system.select({ id: tenants.id, name: tenants.name }).from(tenants).where(inArray(tenants.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Slug and name of every municipality (the portal's overview); whole rows would carry every tenant's logo. */
export async function listTenantNames(db: Database): Promise<Array<Pick<TenantRow, 'slug' | 'name'>>> {
  return db.system.select({ slug: tenants.slug, name: tenants.name }).from(tenants).where(municipality).orderBy(asc(tenants.name));
}

/** Every map tile URL a municipality has set (the console's CSP allows them all: staff switch tenants in place). */
export async function listTileUrls(db: Database): Promise<string[]> {
  const rows = await db.system.selectDistinct({ url: tenants.mapTileUrl }).from(tenants).where(isNotNull(tenants.mapTileUrl));
  return rows.flatMap((r) => (r.url ? [r.url] : []));
}

export async function updateTenant(db: Database, actor: Actor, tenant: TenantRow, patch: TenantPatch) {
  const values: Partial<TenantRow> = { ...patch, contact: patch.contact ? { ...tenant.contact, ...patch.contact } : undefined } as Partial<TenantRow>;
  if (patch.ags === '') values.ags = null;
  if (patch.accessibilityFeedbackEmail === '') values.accessibilityFeedbackEmail = null;
  if (patch.smsSenderId === '') values.smsSenderId = null;
  if (patch.emailFromName === '') values.emailFromName = null;
  if (patch.mapTileUrl === '') values.mapTileUrl = null;
  if (patch.mapAttribution === '') values.mapAttribution = null;
  for (const key of Object.keys(values) as (keyof TenantRow)[]) if (values[key] === undefined) delete values[key];
  const row = await db.withTenant(tenant.id, async (tx) => {
    await recordAudit(tx, tenant.id, actor, { action: 'tenant.updated', objectType: 'tenant', objectId: tenant.id, details: { fields: Object.keys(patch) } });
    const [updated] = await tx
      .update(tenants)
      .set({ ...values, updatedAt: sql`now()` })
      .where(eq(tenants.id, tenant.id))
      .returning();
    return updated;
  });
  emit('tenant.changed', { tenantId: tenant.id, slug: tenant.slug });
  return presentTenant(row);
}

const LOGO_TYPES: Record<string, (b: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};
export const LOGO_MAX_BYTES = 512 * 1024;
export const logoContentTypes = Object.keys(LOGO_TYPES);

export async function setLogo(db: Database, actor: Actor, tenant: TenantRow, contentType: string, body: Buffer | null) {
  if (body === null) {
    await db.withTenant(tenant.id, async (tx) => {
      await tx.update(tenants).set({ logo: null, logoType: null, updatedAt: sql`now()` }).where(eq(tenants.id, tenant.id));
      await recordAudit(tx, tenant.id, actor, { action: 'tenant.logo_removed', objectType: 'tenant', objectId: tenant.id });
    });
  } else {
    const check = LOGO_TYPES[contentType];
    if (!check || !check(body)) {
      throw new AppError('validation_failed', 'The logo must be a PNG, JPEG or WebP image.', [{ pointer: '/body', detail: `is not a ${contentType} image` }]);
    }
    await db.withTenant(tenant.id, async (tx) => {
      await tx
        .update(tenants)
        .set({ logo: body.toString('base64'), logoType: contentType, updatedAt: sql`now()` })
        .where(eq(tenants.id, tenant.id));
      await recordAudit(tx, tenant.id, actor, {
        action: 'tenant.logo_changed',
        objectType: 'tenant',
        objectId: tenant.id,
        details: { bytes: body.length, contentType },
      });
    });
  }
  emit('tenant.changed', { tenantId: tenant.id, slug: tenant.slug });
}

export async function createNetwork(db: Database, input: { slug: string; name: string; kind: NetworkKind }) {
  const [row] = await db.system.insert(networks).values(input).returning();
  return row;
}

export async function addTenantToNetwork(db: Database, networkId: string, tenantId: string) {
  await db.system.insert(networkTenants).values({ networkId, tenantId }).onConflictDoNothing();
}
