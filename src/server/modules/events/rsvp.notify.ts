// Messages to the residents who answered an event: the confirmation of a yes, "you moved up from the waiting list",
// change and cancellation notices and reminders, each in the resident's language over their channel, through the
// delivery engine (written in the caller's transaction, enqueued after the commit). E-mails carry the event as an
// iCalendar part: METHOD:REQUEST (an invitation the mail program can accept) or METHOD:CANCEL.
import { type Locale, t } from '../../i18n/index.ts';
import type { Actor } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { type PreparedSend, writeTransactional } from '../delivery/index.ts';
import { residentAddressee } from '../residents/index.ts';
import { invitationCalendar } from './rsvp.calendar.ts';
import { currentOrNext, type EventRow, type Occurrence } from './rsvp.occurrences.ts';
import { dateFormat } from '../../../common/date-format.ts';

export type EventMessageKind = 'confirmed' | 'promoted' | 'changed' | 'changedDeclined' | 'cancelled' | 'reminder';

export const SYSTEM_ACTOR: Actor = { userId: null, email: 'system', ip: null, userAgent: null, requestId: null };

export const eventLink = (deps: AppDeps, tenant: TenantRow, eventId: string) => `${deps.config.publicUrl}/m/${tenant.slug}/events/${eventId}`;

/** An occurrence's start as residents read it: in the municipality's zone, date only for all-day events. */
export function whenText(locale: Locale, timeZone: string, event: Pick<EventRow, 'allDay'>, at: Date): string {
  const style = event.allDay ? ({ dateStyle: 'full' } as const) : ({ dateStyle: 'full', timeStyle: 'short' } as const);
  return dateFormat(locale === 'en' ? 'en-GB' : 'de-DE', { ...style, timeZone }).format(at);
}

export const placeText = (event: Pick<EventRow, 'placeName' | 'address'>) => [event.placeName, event.address].filter(Boolean).join(', ') || '–';

const KEYS = {
  confirmed: 'events.rsvp.confirmed',
  promoted: 'events.rsvp.promoted',
  changed: 'events.notice.changed',
  changedDeclined: 'events.notice.changedDeclined',
  cancelled: 'events.notice.cancelled',
  reminder: 'events.reminder',
} as const;

export interface EventMessage {
  kind: EventMessageKind;
  persons?: number;
  /** The occurrence the message is about (a reminder's); default: the current or next one. */
  occurrence?: Occurrence | null;
  /** The resident said maybe or waits for a place: an e-mail's calendar entry is TENTATIVE, not ACCEPTED. */
  tentative?: boolean;
}

/** One message about the event to one resident; null when they cannot be reached (erased, suppressed). */
export async function writeEventMessage(
  deps: AppDeps,
  tx: Tx,
  tenant: TenantRow,
  event: EventRow,
  residentId: string,
  m: EventMessage,
): Promise<PreparedSend | null> {
  const to = await residentAddressee(deps, tx, residentId, tenant.locale, tenant.id);
  if (!to) return null;
  const at = m.occurrence ?? currentOrNext(event, new Date()) ?? { start: event.startsAt, end: event.endsAt };
  const reason = m.kind === 'cancelled' && event.cancelReason ? t(to.locale, 'events.notice.reason', { reason: event.cancelReason }) : '';
  const vars = {
    tenant: tenant.name,
    title: event.title,
    when: whenText(to.locale, event.timeZone || tenant.timeZone, event, at.start),
    place: placeText(event),
    persons: String(m.persons ?? 1),
    link: eventLink(deps, tenant, event.id),
    reason,
  };
  const key = KEYS[m.kind];
  const text = t(to.locale, to.channel === 'sms' ? `${key}.sms` : `${key}.body`, vars);
  // a reminder is not an invitation: the calendar already holds the entry the confirmation brought
  // and someone who said no has no entry: they are told of a new time in words, and may answer anew
  const method: 'REQUEST' | 'CANCEL' | null = m.kind === 'cancelled' ? 'CANCEL' : m.kind === 'reminder' || m.kind === 'changedDeclined' ? null : 'REQUEST';
  const calendar = to.channel === 'email' && method ? { method, ics: invitationCalendar(deps, tenant, event, method, to.to, m.tentative) } : undefined;
  try {
    return await writeTransactional(deps, tx, tenant.id, SYSTEM_ACTOR, {
      channel: to.channel,
      to: to.to,
      subject: to.channel === 'email' ? t(to.locale, `${key}.subject`, vars) : undefined,
      text,
      ...(calendar ? { calendar } : {}),
    });
  } catch (err) {
    // an address the engine refuses must not undo the answer it reports on; log no personal data
    deps.log.warn({ code: (err as { code?: string }).code ?? 'error', channel: to.channel, tenant: tenant.slug }, 'event message not written');
    return null;
  }
}
