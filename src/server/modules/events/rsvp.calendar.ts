// The iCalendar part of an event e-mail (RFC 5546 iTIP), built by events-core's ical.ts: METHOD:REQUEST with the
// resident as ATTENDEE and the municipality as ORGANIZER, so mail programs offer to add (or update, by UID and
// SEQUENCE) the entry; METHOD:CANCEL removes it again.
import type { AppDeps } from '../../platform/context.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { eventCalendar } from './ical.ts';
import type { EventRow } from './rsvp.occurrences.ts';

/** `tentative`: the resident said maybe or waits for a place, so the entry is not marked as accepted. */
export function invitationCalendar(
  deps: AppDeps,
  tenant: TenantRow,
  event: EventRow,
  method: 'REQUEST' | 'CANCEL',
  attendee: string,
  tentative = false,
): string {
  return eventCalendar(deps, tenant, [event], { method, attendee: { email: attendee, tentative } });
}
