// Test factories: what a test needs (a municipality with its owner, staff in a role, residents with consent, streets,
// areas, devices, sessions) built through the services the app itself uses, so a fixture is a state the app can
// reach, with its audit and consent records, instead of hand-built rows that drift from the schema.
// A test that needs a clean slate asks for its own municipality (`newTenant` with no slug gets a fresh one), so
// tests do not depend on the order they run in.
import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Role } from '../../src/common/roles.ts';
import { findUserByEmail, insertUser } from '../../src/server/modules/auth/index.ts';
import { createArea } from '../../src/server/modules/geo/areas.service.ts';
import { importStreetsCsv } from '../../src/server/modules/geo/index.ts';
import { listStreets } from '../../src/server/modules/geo/streets.service.ts';
import { registerResident } from '../../src/server/modules/residents/index.ts';
import { createResidentSession } from '../../src/server/modules/residents/portal/resident-session.ts';
import { addMember, createNetwork, setNetworkStaff } from '../../src/server/modules/networks/index.ts';
import { insertMember } from '../../src/server/modules/staff/staff.repository.ts';
import { createTenant, findTenantById } from '../../src/server/modules/tenants/index.ts';
import { updateTenant } from '../../src/server/modules/tenants/tenants.service.ts';
import type { Actor } from '../../src/server/platform/audit.ts';
import { hashPassword } from '../../src/server/platform/auth/password.ts';
import type { AppDeps } from '../../src/server/platform/context.ts';
import { pushSubscriptions } from '../../src/server/platform/db/schema.ts';
import type { TenantRow } from '../../src/server/platform/tenancy.ts';

export const PASSWORD = 'correct horse battery';

/** Who the audit log names for what a test set up. */
export const testActor: Actor = { userId: null, email: 'test-setup', ip: null, userAgent: null, requestId: null };

// hashing is slow on purpose; one hash serves every account a test run makes
let passwordHash: Promise<string> | undefined;
const testPasswordHash = () => (passwordHash ??= hashPassword(PASSWORD));

const fresh = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/**
 * Imprint, privacy statement and contact filled in, as every municipality that takes registrations has them (the
 * portal refuses sign-ups without them); a test of the missing set-up clears them itself.
 */
export async function readyForSignUps(deps: Pick<AppDeps, 'db'>, tenant: TenantRow): Promise<TenantRow> {
  await updateTenant(deps.db, testActor, tenant, {
    imprint: `${tenant.name}\nRathausplatz 1\n99999 ${tenant.name}`,
    privacyText: `${tenant.name} verarbeitet Ihre Daten nur für die Nachrichten, in die Sie einwilligen.`,
    contact: { email: `rathaus@${tenant.slug}.test`, phone: '+49 9999 12345-0' },
  });
  return (await findTenantById(deps.db, tenant.id))!;
}

/**
 * A staff account (password PASSWORD) with a membership in the tenant; an existing account with that address gets
 * the membership added, as accepting an invitation does.
 */
export async function staffMember(deps: Pick<AppDeps, 'db'>, tenant: TenantRow, email: string, role: Role): Promise<string> {
  const existing = await findUserByEmail(deps.db, email);
  const user = existing ?? (await insertUser(deps.db, { email, name: email.split('@')[0], passwordHash: await testPasswordHash(), locale: 'de' }));
  await deps.db.withTenant(tenant.id, (tx) => insertMember(tx, tenant.id, user.id, role, null));
  return user.id;
}

/** A municipality ready for sign-ups with its owner `owner@<slug>.test`; without a slug, a fresh one. */
export async function newTenant(deps: Pick<AppDeps, 'db'>, opts: { slug?: string; name?: string; ownerEmail?: string } = {}): Promise<TenantRow> {
  const slug = opts.slug ?? fresh('stadt');
  const tenant = await readyForSignUps(deps, await createTenant(deps.db, { slug, name: opts.name ?? slug }));
  await staffMember(deps, tenant, opts.ownerEmail ?? `owner@${slug}.test`, 'owner');
  return tenant;
}

export interface ResidentInput {
  phone: string;
  email?: string | null;
  name?: string | null;
  topics?: string[];
  channels?: string[];
  streetId?: string | null;
  houseNumber?: string | null;
  lat?: number;
  lng?: number;
  /** How consent was given: by staff from a signed form (default), or on the portal (e-mail then unconfirmed). */
  method?: 'staff' | 'portal';
}

/** A resident who follows the tenant with consent for these topics and channels (default: abfall by SMS). */
export async function resident(deps: AppDeps, tenant: TenantRow, input: ResidentInput): Promise<string> {
  const method = input.method ?? 'staff';
  const { residentId } = await registerResident(
    deps,
    tenant,
    { phone: input.phone, email: input.email ?? null, name: input.name ?? null },
    {
      topics: input.topics ?? ['abfall'],
      channels: input.channels ?? ['sms'],
      streetId: input.streetId ?? null,
      houseNumber: input.houseNumber ?? null,
      lat: input.lat,
      lng: input.lng,
    },
    { method, ipPrefix: null, proof: method === 'staff' ? 'Papierformular (Test)' : null },
  );
  return residentId;
}

/** A signed-in portal session for the resident, as the cookie header a browser sends. */
export async function residentSession(deps: AppDeps, tenant: TenantRow, residentId: string): Promise<string> {
  let cookie = '';
  // the service sets the cookie on the reply; a test needs only its name and value
  const reply = { setCookie: (name: string, value: string) => (cookie = `${name}=${value}`) } as unknown as FastifyReply;
  await createResidentSession(deps, reply, residentId, tenant.id);
  return cookie;
}

/**
 * A browser push subscription of the resident (or an anonymous one), as `POST /m/{tenant}/push/subscriptions` stores
 * it; written in the tenant's transaction so the endpoint may be any URL a test's push peer listens on.
 */
export async function pushDevice(
  deps: AppDeps,
  tenant: TenantRow,
  residentId: string | null,
  endpoint = `https://fcm.googleapis.com/fcm/send/${fresh('device')}`,
): Promise<string> {
  const [row] = await deps.db.withTenant(tenant.id, (tx) =>
    tx.insert(pushSubscriptions).values({ tenantId: tenant.id, endpoint, p256dh: 'k', auth: 'a', residentId }).returning({ id: pushSubscriptions.id }),
  );
  return row.id;
}

/** Streets from a street-list CSV (`Straße;Hausnummern;PLZ` …); returns the tenant's streets, by name and postcode. */
export async function streets(deps: AppDeps, tenant: TenantRow, csv: string) {
  const result = await importStreetsCsv(deps, testActor, tenant.id, csv);
  if (result.errors.length > 0) throw new Error(`street CSV has errors: ${JSON.stringify(result.errors)}`);
  return (await listStreets(deps, tenant.id)).items;
}

/** An area from a GeoJSON polygon; returns its id. */
export async function area(deps: AppDeps, tenant: TenantRow, name: string, geometry: unknown, population: number | null = null): Promise<string> {
  return (await createArea(deps, testActor, tenant.id, { name, geometry, population })).id;
}

/** A network (fresh slug) with these member municipalities and network staff (existing accounts by e-mail → role). */
export async function newNetwork(
  deps: Pick<AppDeps, 'db'>,
  opts: { members: TenantRow[]; staff?: Record<string, Role>; name?: string },
): Promise<{ id: string; slug: string; name: string }> {
  const slug = fresh('kreis');
  const network = await createNetwork(deps.db, { slug, name: opts.name ?? `Landkreis ${slug}`, kind: 'landkreis' });
  for (const m of opts.members) await addMember(deps.db, testActor, slug, m.slug);
  for (const [email, role] of Object.entries(opts.staff ?? {})) await setNetworkStaff(deps.db, slug, email, role);
  return { id: network.id, slug, name: network.name };
}
