// A municipality with a waste calendar for the reminder tests: two streets, types, collection dates on one day
// (a street's own date and its district's), and a look at what the delivery engine was handed.
import { sql } from 'drizzle-orm';
import { saveReminder, type ReminderInput } from '../../src/server/modules/waste/reminders.service.ts';
import { queryRows } from '../../src/server/platform/db/client.ts';
import type { AppDeps } from '../../src/server/platform/context.ts';
import type { TenantRow } from '../../src/server/platform/tenancy.ts';
import { newTenant, resident, streets, testActor } from './factories.ts';

/** The collection day of the tests, a Thursday; the evening before is 2026-12-02 (Europe/Berlin, UTC+1). */
export const DAY = '2026-12-03';
/** A moment on the municipality's clock (Europe/Berlin in December: UTC+1). */
export const berlin = (date: string, time: string) => new Date(`${date}T${time}:00+01:00`);

export interface WasteTown {
  tenant: TenantRow;
  lindenweg: string;
  ringstrasse: string;
  types: { rest: string; bio: string; papier: string; sperr: string };
}

async function insertType(deps: AppDeps, tenantId: string, code: string, name: string, position: number, onRequest = false) {
  const [row] = await deps.db.withTenant(tenantId, (tx) =>
    queryRows<{ id: string }>(
      tx,
      sql`insert into waste_types (tenant_id, code, name, position, on_request) values (${tenantId}, ${code}, ${name}, ${position}, ${onRequest}) returning id`,
    ),
  );
  return row.id;
}

/**
 * A fresh municipality: Lindenweg has Restmüll on DAY (its own date) and Papier (its district's date); Ringstraße
 * has Bio on DAY. Sperrmüll is on request (no dates).
 */
export async function wasteTown(deps: AppDeps): Promise<WasteTown> {
  const tenant = await newTenant(deps);
  const list = await streets(deps, tenant, 'Straße;PLZ\nLindenweg;12345\nRingstraße;12345\n');
  const lindenweg = list.find((s) => s.name === 'Lindenweg')!.id;
  const ringstrasse = list.find((s) => s.name === 'Ringstraße')!.id;
  const types = {
    rest: await insertType(deps, tenant.id, 'rest', 'Restmüll', 1),
    bio: await insertType(deps, tenant.id, 'bio', 'Bio', 2),
    papier: await insertType(deps, tenant.id, 'papier', 'Papier', 3),
    sperr: await insertType(deps, tenant.id, 'sperr', 'Sperrmüll', 4, true),
  };
  await deps.db.withTenant(tenant.id, async (tx) => {
    const [district] = await queryRows<{ id: string }>(
      tx,
      sql`insert into waste_districts (tenant_id, name) values (${tenant.id}, 'Bezirk Nord') returning id`,
    );
    await tx.execute(sql`insert into waste_district_streets (tenant_id, district_id, street_id) values (${tenant.id}, ${district.id}, ${lindenweg})`);
    await tx.execute(sql`
      insert into waste_dates (tenant_id, type_id, street_id, district_id, day, source) values
        (${tenant.id}, ${types.rest}, ${lindenweg}, null, ${DAY}, 'manual'),
        (${tenant.id}, ${types.papier}, null, ${district.id}, ${DAY}, 'manual'),
        (${tenant.id}, ${types.bio}, ${ringstrasse}, null, ${DAY}, 'manual')`);
  });
  return { tenant, lindenweg, ringstrasse, types };
}

let phones = 0;
/** A fresh German mobile number for a test resident. */
export const nextPhone = () => `+4917055${String(Date.now() % 10000).padStart(4, '0')}${String(phones++ % 100).padStart(2, '0')}`;

/** A resident of the street with a saved reminder (evening before at 18:00, every type, unless told). */
export async function reminded(
  deps: AppDeps,
  town: WasteTown,
  opts: Partial<ReminderInput> & { phone?: string; email?: string; channels?: string[] } = {},
): Promise<{ residentId: string; phone: string }> {
  const phone = opts.phone ?? nextPhone();
  const streetId = opts.streetId ?? town.lindenweg;
  const residentId = await resident(deps, town.tenant, { phone, email: opts.email ?? null, channels: opts.channels ?? ['sms'], streetId });
  const all = [town.types.rest, town.types.bio, town.types.papier];
  await saveReminder(deps, testActor, town.tenant, residentId, {
    streetId,
    typeIds: opts.typeIds ?? all,
    day: opts.day ?? 'day_before',
    minuteOfDay: opts.minuteOfDay ?? 18 * 60,
    active: opts.active ?? true,
  });
  return { residentId, phone };
}

export interface Handed {
  channel: string;
  recipient: string;
  residentId: string | null;
  text: string;
  subject: string | null;
  language: string | null;
  kind: string;
}

/** Every delivery the engine was handed in the municipality, with its message's text and language. */
export async function handed(deps: AppDeps, tenant: TenantRow): Promise<Handed[]> {
  return deps.db.withTenant(tenant.id, (tx) =>
    queryRows<Handed>(
      tx,
      sql`select d.channel, d.recipient, d.resident_id as "residentId", m.text, m.subject, m.language, m.kind
            from deliveries d join messages m on m.tenant_id = d.tenant_id and m.id = d.message_id
           where d.tenant_id = ${tenant.id} order by d.created_at`,
    ),
  );
}

/** The day a resident's reminder was last sent for (null: never). */
export async function lastRemindedFor(deps: AppDeps, tenant: TenantRow, residentId: string): Promise<string | null> {
  const [row] = await deps.db.withTenant(tenant.id, (tx) =>
    queryRows<{ day: string | null }>(
      tx,
      sql`select to_char(last_reminded_for, 'YYYY-MM-DD') as day from waste_reminders where tenant_id = ${tenant.id} and resident_id = ${residentId}`,
    ),
  );
  return row?.day ?? null;
}
