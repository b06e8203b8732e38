// Events, the write side for staff: create a draft, change it, publish, cancel with a reason, delete a draft. Each
// change checks, writes and audits in one tenant transaction; notices to residents who answered (a change of time or
// place, a cancellation) and waitlist promotions after a capacity rise are written in it by the RSVP side and enqueued
// after the commit. Every change is announced (events.changed, and portal.content for the start page).
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { eventCancelInput, eventCreateInput, eventUpdateInput } from '../../../common/contracts/events.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import type { events } from '../../platform/db/schema.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { enqueueSend, type PreparedSend } from '../delivery/index.ts';
import * as repo from './events.repository.ts';
import { resolveTiming, timingInputOf } from './events.timing.ts';
import type { EventRow } from './recurrence.ts';
import { noticeToRespondents, promoteWaitlist } from './rsvp.service.ts';

type CreateInput = z.output<typeof eventCreateInput>;
type UpdateInput = z.output<typeof eventUpdateInput>;
type CancelInput = z.output<typeof eventCancelInput>;

/** Changes residents who answered must hear of (and calendars must see: SEQUENCE rises). */
const NOTICED = ['startsAt', 'endsAt', 'timeZone', 'allDay', 'rrule', 'placeName', 'address', 'lat', 'lng'] as const;

const conflict = (detail: string, pointer?: string, code?: string, params?: Record<string, unknown>) =>
  new AppError('conflict', detail, pointer ? [{ pointer, detail, ...(code ? { code } : {}), ...(params ? { params } : {}) }] : []);

function announce(tenantId: string, eventId: string) {
  emit('events.changed', { tenantId, eventId });
  emit('portal.content', { tenantId });
}

async function sendAll(deps: AppDeps, sends: PreparedSend[]) {
  for (const s of sends) await enqueueSend(deps, s);
}

async function lockOrFail(tx: Tx, id: string): Promise<EventRow> {
  const event = await repo.lockEvent(tx, id);
  if (!event) throw notFound('This event');
  return event;
}

const uidOf = (deps: AppDeps, id: string) => `${id}@${new URL(deps.config.publicUrl).hostname || 'civicast'}`;

/** A new draft. */
export async function createEvent(deps: AppDeps, actor: Actor, tenant: TenantRow, input: CreateInput): Promise<EventRow> {
  const timing = resolveTiming({ ...input, timeZone: input.timeZone ?? tenant.timeZone });
  const id = randomUUID();
  const row = await deps.db.withTenant(tenant.id, async (tx) => {
    const created = await repo.insertEvent(tx, {
      ...input,
      ...timing,
      tenantId: tenant.id,
      id,
      uid: uidOf(deps, id),
      status: 'draft',
      createdBy: actor.userId,
    });
    await recordAudit(tx, tenant.id, actor, { action: 'event.created', objectType: 'event', objectId: id, details: { title: input.title } });
    return created;
  });
  announce(tenant.id, id);
  return row;
}

/** Refuses a capacity below the persons already holding a place, with their number. */
async function checkCapacity(tx: Tx, event: EventRow, capacity: number | null | undefined) {
  if (capacity === undefined || capacity === null) return;
  const confirmed = (await repo.countsOf(tx, [event.id])).get(event.id)?.confirmedPersons ?? 0;
  if (capacity < confirmed)
    throw conflict(`${confirmed} places are already confirmed; the capacity cannot be lower.`, '/body/capacity', 'capacity_below_confirmed', {
      minimum: confirmed,
    });
}

const changedKeys = (before: EventRow, after: EventRow) =>
  NOTICED.filter((k) => (before[k] instanceof Date ? before[k].getTime() !== (after[k] as Date).getTime() : before[k] !== after[k]));

const capacityRose = (before: EventRow, after: EventRow) => before.capacity !== null && (after.capacity === null || after.capacity > before.capacity);

/** Changes a draft or a published event; time or place changes raise SEQUENCE and tell those who answered. */
export async function updateEvent(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, patch: UpdateInput): Promise<EventRow> {
  const { sends, row } = await deps.db.withTenant(tenant.id, async (tx) => {
    const before = await lockOrFail(tx, id);
    if (before.status === 'cancelled') throw conflict('A cancelled event cannot be changed.');
    const { startsAt, endsAt, timeZone, allDay, rrule, ...rest } = patch;
    const timed = [startsAt, endsAt, timeZone, allDay, rrule].some((v) => v !== undefined);
    const current = timingInputOf(before);
    const timing = timed
      ? resolveTiming({
          startsAt: startsAt ?? current.startsAt,
          endsAt: endsAt ?? current.endsAt,
          timeZone: timeZone ?? current.timeZone,
          allDay: allDay ?? current.allDay,
          rrule: rrule === undefined ? current.rrule : rrule,
        })
      : {};
    await checkCapacity(tx, before, rest.capacity);
    const changes: Partial<typeof events.$inferInsert> = { ...rest, ...timing };
    const probe = { ...before, ...changes } as EventRow;
    const noticed = changedKeys(before, probe);
    if (noticed.length) changes.sequence = before.sequence + 1;
    // a reminder already sent was for the old time
    if (noticed.some((k) => k !== 'placeName' && k !== 'address' && k !== 'lat' && k !== 'lng')) changes.remindedFor = null;
    const after = await repo.updateEvent(tx, id, changes);
    const sends: PreparedSend[] = [];
    if (after.status === 'published' && noticed.length) sends.push(...(await noticeToRespondents(deps, tx, tenant, after, 'changed')));
    if (after.status === 'published' && capacityRose(before, after)) sends.push(...(await promoteWaitlist(deps, tx, tenant, after)));
    await recordAudit(tx, tenant.id, actor, {
      action: 'event.updated',
      objectType: 'event',
      objectId: id,
      details: { fields: Object.keys(patch), noticed, sequence: after.sequence },
    });
    return { sends, row: after };
  });
  await sendAll(deps, sends);
  announce(tenant.id, id);
  return row;
}

/** A draft goes public: the portal, events.ics, RSVPs. */
export async function publishEvent(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string): Promise<EventRow> {
  const row = await deps.db.withTenant(tenant.id, async (tx) => {
    const event = await lockOrFail(tx, id);
    if (event.status !== 'draft') throw conflict(`The event is ${event.status}; only a draft can be published.`);
    const after = await repo.updateEvent(tx, id, { status: 'published' });
    await recordAudit(tx, tenant.id, actor, { action: 'event.published', objectType: 'event', objectId: id });
    return after;
  });
  announce(tenant.id, id);
  return row;
}

/** Cancels a published event: it stays (shown as cancelled, in calendars as STATUS:CANCELLED) and everyone who answered is told. */
export async function cancelEvent(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, input: CancelInput): Promise<EventRow> {
  const { sends, row } = await deps.db.withTenant(tenant.id, async (tx) => {
    const event = await lockOrFail(tx, id);
    if (event.status === 'draft') throw conflict('A draft is not public; delete it instead of cancelling it.');
    if (event.status === 'cancelled') throw conflict('The event is already cancelled.');
    const after = await repo.updateEvent(tx, id, { status: 'cancelled', cancelReason: input.reason, sequence: event.sequence + 1 });
    const sends = await noticeToRespondents(deps, tx, tenant, after, 'cancelled');
    await recordAudit(tx, tenant.id, actor, { action: 'event.cancelled', objectType: 'event', objectId: id, details: { notices: sends.length } });
    return { sends, row: after };
  });
  await sendAll(deps, sends);
  announce(tenant.id, id);
  return row;
}

/** Deletes a draft (published events are cancelled instead, so residents and calendars learn of it). */
export async function deleteEvent(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string): Promise<void> {
  await deps.db.withTenant(tenant.id, async (tx) => {
    const event = await lockOrFail(tx, id);
    if (event.status !== 'draft') throw conflict('Only a draft can be deleted; cancel a published event.');
    await repo.deleteEvent(tx, id);
    await recordAudit(tx, tenant.id, actor, { action: 'event.deleted', objectType: 'event', objectId: id, details: { title: event.title } });
  });
  announce(tenant.id, id);
}

/** Stores the event's image (already prepared: type from the bytes, no metadata) or removes it (null). */
export async function setEventImage(deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, image: { bytes: Buffer; type: string } | null) {
  await deps.db.withTenant(tenant.id, async (tx) => {
    await lockOrFail(tx, id);
    await repo.updateEvent(tx, id, { imageData: image?.bytes ?? null, imageType: image?.type ?? null });
    await recordAudit(tx, tenant.id, actor, { action: image ? 'event.image_set' : 'event.image_removed', objectType: 'event', objectId: id });
  });
  announce(tenant.id, id);
}
