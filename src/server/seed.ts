// First start: the demo municipality "Musterstadt" with one owner, a few departments and a network. The owner is also
// the installation's first operator (creates municipalities while running, reads installation mails); grant more
// with `civicast user create --operator`.
import { randomBytes } from 'node:crypto';
import { hashPassword } from './platform/auth/password.ts';
import type { Database } from './platform/db/client.ts';
import { departments, memberships, networkStaff, staffUsers } from './platform/db/schema.ts';
import { addTenantToNetwork, createNetwork, createTenant, listTenants } from './modules/tenants/index.ts';
import { and, eq, sql } from 'drizzle-orm';
import { tenants } from './platform/db/schema.ts';
import type { AppDeps } from './platform/context.ts';
import { findTenantBySlug } from './modules/tenants/index.ts';
import { seedDemoInbox, seedDemoNews, seedDemoPlaces } from './demo-content.ts';
import { seedDemoReports } from './demo-reports.ts';
import { seedDemoEvents } from './demo-events.ts';
import { seedDemoSurveys } from './demo-surveys.ts';
import { seedDemoWaste } from './demo-waste.ts';

export interface SeedResult {
  seeded: boolean;
  email: string;
  /** Only when this start generated it; later starts cannot show it again. */
  password: string | null;
}

export const DEMO_SLUG = 'musterstadt';
const DEFAULT_EMAIL = 'admin@musterstadt.example';

export async function seedDemo(db: Database, opts: { email?: string; password?: string }): Promise<SeedResult> {
  const email = opts.email ?? DEFAULT_EMAIL;
  if ((await listTenants(db)).length > 0) return { seeded: false, email, password: null };
  const password = opts.password ?? generatePassword();
  const tenant = await createTenant(db, { slug: DEMO_SLUG, name: 'Musterstadt', ags: '09999999', locale: 'de', timeZone: 'Europe/Berlin' });
  await db.system
    .update(tenants)
    .set({
      contact: {
        email: 'rathaus@musterstadt.example',
        phone: '+49 9999 12345-0',
        address: 'Rathausplatz 1, 99999 Musterstadt',
        website: 'https://www.musterstadt.example',
      },
      imprint: 'Stadt Musterstadt\nRathausplatz 1\n99999 Musterstadt\n\nVertreten durch die Erste Bürgermeisterin.',
      privacyText:
        'Die Stadt Musterstadt verarbeitet personenbezogene Daten nur, soweit dies für die Kommunikation mit Ihnen erforderlich ist (Art. 6 Abs. 1 lit. a und e DSGVO).\n\nVerantwortlich: Stadt Musterstadt, Rathausplatz 1, 99999 Musterstadt.\n\nSie haben das Recht auf Auskunft, Berichtigung, Löschung und Widerspruch. Wenden Sie sich dazu an datenschutz@musterstadt.example.',
      accessibilityFeedbackEmail: 'barrierefreiheit@musterstadt.example',
      updatedAt: sql`now()`,
    })
    .where(eq(tenants.id, tenant.id));
  const [user] = await db.system
    .insert(staffUsers)
    .values({ email: email.toLowerCase(), name: 'Verwaltung Musterstadt', passwordHash: await hashPassword(password), locale: 'de', isOperator: true })
    .onConflictDoNothing()
    .returning();
  const userId = user?.id ?? (await db.system.select().from(staffUsers).where(eq(staffUsers.email, email.toLowerCase())))[0].id;
  await db.withTenant(tenant.id, async (tx) => {
    await tx.insert(memberships).values({ tenantId: tenant.id, userId, role: 'owner' });
    for (const name of ['Bürgerbüro', 'Ordnungsamt', 'Bauhof']) await tx.insert(departments).values({ tenantId: tenant.id, name });
  });
  const network = await createNetwork(db, { slug: 'landkreis-musterkreis', name: 'Landkreis Musterkreis', kind: 'landkreis' });
  await addTenantToNetwork(db, network.id, tenant.id);
  await db.system.insert(networkStaff).values({ networkId: network.id, userId, role: 'admin' });
  return { seeded: true, email, password: opts.password ? null : password };
}

/** After the first seed, with the app's services running: the demo's places, residents, news and warnings. */
export async function seedDemoContent(deps: AppDeps): Promise<void> {
  const tenant = await findTenantBySlug(deps.db, DEMO_SLUG);
  if (!tenant) return;
  await seedDemoPlaces(deps, tenant);
  const [owner] = await deps.db.system
    .select({ id: staffUsers.id, email: staffUsers.email, name: staffUsers.name })
    .from(staffUsers)
    .innerJoin(memberships, eq(memberships.userId, staffUsers.id))
    .where(and(eq(memberships.tenantId, tenant.id), eq(memberships.role, 'owner')))
    .limit(1);
  if (!owner) return;
  const actor = { userId: owner.id, email: owner.email, name: owner.name, ip: null, userAgent: null, requestId: null };
  await seedDemoNews(deps, tenant, actor);
  await seedDemoInbox(deps, tenant, actor);
  await seedDemoReports(deps, tenant, actor);
  await seedDemoWaste(deps, tenant, actor);
  await seedDemoEvents(deps, tenant, actor);
  await seedDemoSurveys(deps, tenant, actor);
}

export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}
