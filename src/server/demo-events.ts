// The events of the demo: a weekly market on Saturdays (a recurring event, 20 dates, no RSVP needed) and an afternoon
// for older residents with 30 places and answers from a few demo residents, created and published through the events
// service and answered through the RSVP rules, so the portal's start page, /events, events.ics and the console's
// attendee list have content on a fresh start.
import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { eventCreateInput } from '../common/contracts/events.ts';
import type { Actor } from './platform/audit.ts';
import type { AppDeps } from './platform/context.ts';
import { queryRows } from './platform/db/client.ts';
import type { TenantRow } from './platform/tenancy.ts';
import { answerRsvp, createEvent, publishEvent } from './modules/events/index.ts';

export const DEMO_MARKET_TITLE = 'Wochenmarkt auf dem Marktplatz';
export const DEMO_SENIORS_TITLE = 'Seniorennachmittag im Bürgerhaus';

/** A local date-time "YYYY-MM-DDTHH:mm" `days` from now at `time` in the municipality's zone. */
function localAt(zone: string, days: number, time: string, weekday?: number): string {
  let day = DateTime.now().setZone(zone).plus({ days });
  if (weekday) while (day.weekday !== weekday) day = day.plus({ days: 1 });
  return `${day.toISODate()}T${time}`;
}

export async function seedDemoEvents(deps: AppDeps, tenant: TenantRow, actor: Actor): Promise<void> {
  const zone = tenant.timeZone;
  const market = await createEvent(
    deps,
    actor,
    tenant,
    eventCreateInput.parse({
      title: DEMO_MARKET_TITLE,
      description: 'Obst und Gemüse aus der Region, Brot, Käse und Blumen: jeden Samstagvormittag auf dem Marktplatz. Bei Regen unter den Arkaden am Rathaus.',
      startsAt: localAt(zone, 1, '08:00', 6),
      endsAt: localAt(zone, 1, '12:30', 6),
      rrule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=20',
      placeName: 'Marktplatz',
      address: 'Am Markt, Musterstadt',
      lat: 49.299,
      lng: 10.8996,
      rsvpEnabled: false,
      reminderHours: null,
    }),
  );
  await publishEvent(deps, actor, tenant, market.id);
  const seniors = await createEvent(
    deps,
    actor,
    tenant,
    eventCreateInput.parse({
      title: DEMO_SENIORS_TITLE,
      description: 'Kaffee, Kuchen und Musik mit dem Akkordeonkreis. Wer abgeholt werden möchte, sagt bitte bei der Anmeldung Bescheid.',
      startsAt: localAt(zone, 10, '14:30', 3),
      endsAt: localAt(zone, 10, '17:00', 3),
      placeName: 'Bürgerhaus',
      address: 'Lindenallee 4, Musterstadt',
      organiserKind: 'club',
      organiserName: 'Seniorenbeirat Musterstadt',
      capacity: 30,
    }),
  );
  await publishEvent(deps, actor, tenant, seniors.id);
  const residents = await deps.db.withTenant(tenant.id, (tx) =>
    queryRows<{ id: string }>(tx, sql`select resident_id as id from follows where status = 'active' order by created_at, resident_id limit 3`),
  );
  const answers = [
    { answer: 'yes', persons: 2 },
    { answer: 'yes', persons: 1 },
    { answer: 'maybe', persons: 1 },
  ] as const;
  for (const [i, r] of residents.entries()) await answerRsvp(deps, tenant, seniors.id, r.id, answers[i]!, actor);
}
