// The attendee list (who answered, with names: personal data, so each view and export is audited) and check-in at
// the door (how many of an answer's persons came; undo for a mistaken tap).
import type { AttendeeList, AttendeeRow } from '../../../common/contracts/events.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { isoOf, isoOrNull } from '../../platform/db/timestamps.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { unseal } from '../residents/index.ts';
import * as repo from './events.repository.ts';
import { countsOf } from './events.queries.ts';

// raw SQL on node-postgres hands timestamptz back as text, PGlite as a Date: take both

function presentRow(deps: AppDeps, r: repo.AttendeeDbRow): AttendeeRow {
  return {
    rsvpId: r.rsvpId,
    residentId: r.residentId,
    // an erased resident has no name any more; the answer is counted until the erasure removes it
    name: unseal(deps.config.secretKey, r.nameEnc) ?? '',
    answer: r.answer as AttendeeRow['answer'],
    persons: Number(r.persons),
    state: r.state as AttendeeRow['state'],
    waitlistPosition: r.waitlistPosition === null ? null : Number(r.waitlistPosition),
    checkedIn: r.checkedInAt !== null,
    checkedInPersons: r.checkedInPersons,
    checkedInAt: isoOrNull(r.checkedInAt),
    answeredAt: isoOf(r.answeredAt),
  };
}

/** The answers of an event with names; the view is audited (`event.attendees_viewed`, or `…_exported` for CSV). */
export async function listAttendees(
  deps: AppDeps,
  actor: Actor,
  tenant: TenantRow,
  eventId: string,
  purpose: 'view' | 'export' = 'view',
): Promise<AttendeeList> {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const event = await repo.findEvent(tx, eventId);
    if (!event) throw notFound('This event');
    const rows = await repo.attendeeRows(tx, eventId);
    const counts = await repo.countsOf(tx, [eventId]);
    await recordAudit(tx, tenant.id, actor, {
      action: purpose === 'view' ? 'event.attendees_viewed' : 'event.attendees_exported',
      objectType: 'event',
      objectId: eventId,
      details: { rows: rows.length },
    });
    return { items: rows.map((r) => presentRow(deps, r)), counts: countsOf(event, counts.get(eventId)) };
  });
}

/** Marks `persons` of an answer as come (default: all its persons); a second check-in corrects the number. */
export async function checkIn(deps: AppDeps, actor: Actor, tenant: TenantRow, eventId: string, rsvpId: string, persons?: number): Promise<AttendeeList> {
  await setCheckIn(deps, actor, tenant, eventId, rsvpId, persons ?? 'all');
  return listAttendees(deps, actor, tenant, eventId);
}

/** Takes a check-in back. */
export async function undoCheckIn(deps: AppDeps, actor: Actor, tenant: TenantRow, eventId: string, rsvpId: string): Promise<AttendeeList> {
  await setCheckIn(deps, actor, tenant, eventId, rsvpId, null);
  return listAttendees(deps, actor, tenant, eventId);
}

async function setCheckIn(deps: AppDeps, actor: Actor, tenant: TenantRow, eventId: string, rsvpId: string, persons: number | 'all' | null) {
  await deps.db.withTenant(tenant.id, async (tx) => {
    const event = await repo.findEvent(tx, eventId);
    if (!event) throw notFound('This event');
    if (event.status === 'draft') throw new AppError('conflict', 'A draft has no guests to check in.');
    const rsvp = await repo.lockRsvp(tx, eventId, rsvpId);
    if (!rsvp) throw notFound('This answer');
    const count = persons === 'all' ? rsvp.persons : persons;
    await repo.setCheckIn(tx, rsvpId, count);
    await recordAudit(tx, tenant.id, actor, {
      action: count === null ? 'event.check_in_undone' : 'event.checked_in',
      objectType: 'event',
      objectId: eventId,
      details: { rsvpId, persons: count },
    });
  });
  emit('events.changed', { tenantId: tenant.id, eventId });
}

// a cell that starts like a formula would run in a spreadsheet
function csvCell(value: string | number | null): string {
  const v = value === null ? '' : String(value);
  const safe = /^[=@+\-\t\r]/.test(v) && typeof value !== 'number' ? `'${v}` : v;
  return /[";\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const CSV_COLUMNS = ['name', 'answer', 'persons', 'state', 'waitlist_position', 'checked_in_persons', 'checked_in_at', 'answered_at'];

/** The attendee list as CSV (`;`, UTF-8 with BOM for spreadsheets); audited as an export. */
export async function attendeesCsv(deps: AppDeps, actor: Actor, tenant: TenantRow, eventId: string): Promise<string> {
  const list = await listAttendees(deps, actor, tenant, eventId, 'export');
  const lines = [CSV_COLUMNS.join(';')];
  for (const r of list.items) {
    lines.push([r.name, r.answer, r.persons, r.state, r.waitlistPosition, r.checkedInPersons, r.checkedInAt, r.answeredAt].map(csvCell).join(';'));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
