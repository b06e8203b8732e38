// The invitation: a DRAFT message (the messages module's campaign) announcing the event with a link to its page, to
// an audience staff choose; it is then reviewed, approved and sent like any message (no second mail path).
import type { z } from 'zod';
import type { eventInviteInput } from '../../../common/contracts/events.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { createMessage } from '../messages/index.ts';
import * as repo from './events.repository.ts';
import { portalUrlOf } from './events.queries.ts';
import { nextOccurrence } from './recurrence.ts';
import { DateTime } from 'luxon';

type InviteInput = z.output<typeof eventInviteInput>;

function whenOf(event: repo.EventInfo, now: Date): string {
  const at = nextOccurrence(event, now)?.start ?? event.startsAt;
  const dt = DateTime.fromJSDate(at, { zone: event.timeZone }).setLocale('de');
  return event.allDay ? dt.toFormat('cccc, d. LLLL yyyy') : `${dt.toFormat('cccc, d. LLLL yyyy, HH:mm')} Uhr`;
}

/** The default text: when, where, and the link to answer (Markdown, as messages take it). */
export function invitationBody(deps: AppDeps, tenant: TenantRow, event: repo.EventInfo, now = new Date()): string {
  const place = [event.placeName, event.address].filter(Boolean).join(', ');
  const lines = [`**${whenOf(event, now)}**${place ? ` · ${place}` : ''}`];
  if (event.description) lines.push('', event.description.slice(0, 1000));
  const link = portalUrlOf(deps, tenant, event.id);
  lines.push('', event.rsvpEnabled ? `[Jetzt zusagen: ${link}](${link})` : `[Mehr erfahren: ${link}](${link})`);
  return lines.join('\n');
}

/** Creates the invitation draft and remembers it on the event; answers the message id. */
export async function inviteToEvent(deps: AppDeps, actor: Actor & { name?: string | null }, tenant: TenantRow, eventId: string, input: InviteInput) {
  const event = await deps.db.withTenant(tenant.id, (tx) => repo.findEvent(tx, eventId));
  if (!event) throw notFound('This event');
  if (event.status !== 'published')
    throw new AppError('conflict', 'Publish the event before inviting to it.', [
      { pointer: '/params/id', detail: `is ${event.status}`, code: 'event_not_published' },
    ]);
  const message = await createMessage(deps, actor, tenant, {
    title: input.title ?? event.title,
    body: input.body ?? invitationBody(deps, tenant, event),
    audience: input.audience,
    channels: input.channels,
  });
  await deps.db.withTenant(tenant.id, async (tx) => {
    await repo.updateEvent(tx, eventId, { invitationId: message.id });
    await recordAudit(tx, tenant.id, actor, { action: 'event.invitation_drafted', objectType: 'event', objectId: eventId, details: { messageId: message.id } });
  });
  emit('events.changed', { tenantId: tenant.id, eventId });
  return { messageId: message.id };
}
