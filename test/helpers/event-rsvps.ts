// Test fixtures for the RSVP tests: an event written straight into the table (the staff API is events-core's), and
// the messages written to an address (deliveries are written with the answer; the dev outbox fills when they are sent).
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../../src/server/platform/context.ts';
import { queryRows } from '../../src/server/platform/db/client.ts';
import { devOutbox, events } from '../../src/server/platform/db/schema.ts';
import type { TenantRow } from '../../src/server/platform/tenancy.ts';
import type { EventRow } from '../../src/server/modules/events/rsvp.occurrences.ts';

const HOUR = 3600_000;

export async function testEvent(deps: AppDeps, tenant: TenantRow, over: Partial<typeof events.$inferInsert> = {}): Promise<EventRow> {
  // whole minutes, as staff enter them (iCalendar carries no milliseconds)
  const start = new Date(Math.floor((Date.now() + 7 * 24 * HOUR) / 60_000) * 60_000);
  const [row] = await deps.db.withTenant(tenant.id, (tx) =>
    tx
      .insert(events)
      .values({
        tenantId: tenant.id,
        uid: `${randomUUID()}@civicast.test`,
        status: 'published',
        title: 'Frühjahrsputz am Stadtpark',
        description: 'Wir räumen gemeinsam auf.',
        startsAt: start,
        endsAt: new Date(start.getTime() + 2 * HOUR),
        placeName: 'Stadtpark',
        address: 'Parkweg 1, 12345 Musterstadt',
        lat: 51.5,
        lng: 7.4,
        organiserName: 'Bauhof Musterstadt',
        capacity: 2,
        ...over,
      })
      .returning(),
  );
  return row;
}

/** Messages written to this address in the tenant (one delivery each), newest last. */
export async function messagesTo(deps: AppDeps, tenant: TenantRow, recipient: string) {
  return queryRows<{ id: string; subject: string | null; text: string; sealed: string | null }>(
    deps.db.system,
    sql`select m.id, m.subject, m.text, m.sealed from deliveries d join messages m on m.tenant_id = d.tenant_id and m.id = d.message_id
         where d.tenant_id = ${tenant.id} and d.recipient = ${recipient} order by m.created_at, m.id`,
  );
}

export const outboxTo = (deps: AppDeps, tenant: TenantRow, recipient: string) =>
  deps.db.system
    .select()
    .from(devOutbox)
    .where(and(eq(devOutbox.tenantId, tenant.id), eq(devOutbox.recipient, recipient)));
