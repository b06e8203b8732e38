// Reminders before an event: every minute, per municipality, each published event with `reminder_hours` whose current
// or next occurrence starts within that many hours reminds the residents who said yes (confirmed, not waiting) or
// maybe, once per occurrence: the statement that picks them also marks them (`reminded_for` = the occurrence), so a
// rerun, a second worker or a retry sends nothing twice; the next occurrence of a series is reminded again.
import { sql } from 'drizzle-orm';
import type { AppDeps } from '../../platform/context.ts';
import { clock } from '../../platform/clock.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { enqueueSend, type PreparedSend } from '../delivery/index.ts';
import { everyMinuteJob, forEachTenant } from '../tenants/index.ts';
import { writeEventMessage } from './rsvp.notify.ts';
import { currentOrNext, type EventRow, type Occurrence } from './rsvp.occurrences.ts';
import { eventsWithReminders } from './rsvp.repository.ts';
import { moveWaitlists } from './waitlist.ts';

/** Residents reminded per event and run: a large event is worked off over the next minutes, not in one transaction. */
const PER_RUN = 500;

export interface ReminderRun {
  events: number;
  reminded: number;
}

/** Marks and returns the answers to remind of this occurrence (yes confirmed, or maybe) not yet reminded of it. */
async function claimAnswers(tx: Tx, event: EventRow, at: Occurrence) {
  return queryRows<{ residentId: string; persons: number }>(
    tx,
    sql`update event_rsvps set reminded_for = ${at.start.toISOString()}::timestamptz
         where tenant_id = ${event.tenantId} and id in (
           select id from event_rsvps
            where tenant_id = ${event.tenantId} and event_id = ${event.id}
              and ((answer = 'yes' and state = 'confirmed') or answer = 'maybe')
              and reminded_for is distinct from ${at.start.toISOString()}::timestamptz
            order by answered_at, id limit ${PER_RUN} for update skip locked)
       returning resident_id as "residentId", persons`,
  );
}

/** One municipality's reminders due at `now`. */
export async function remindTenant(deps: AppDeps, tenant: TenantRow, now: Date): Promise<ReminderRun> {
  const run: ReminderRun = { events: 0, reminded: 0 };
  const sends = await deps.db.withTenant(tenant.id, async (tx) => {
    const out: PreparedSend[] = [];
    for (const event of await eventsWithReminders(tx, tenant.id, now)) {
      const at = currentOrNext(event, now);
      // due from reminder_hours before the start until it starts (a reminder after the start helps nobody)
      if (!at || at.start <= now || at.start.getTime() - now.getTime() > (event.reminderHours ?? 0) * 3600_000) continue;
      const people = await claimAnswers(tx, event, at);
      await tx.execute(sql`update events set reminded_for = ${at.start.toISOString()}::timestamptz where tenant_id = ${tenant.id} and id = ${event.id}`);
      run.events++;
      for (const p of people) {
        const sent = await writeEventMessage(deps, tx, tenant, event, p.residentId, { kind: 'reminder', persons: Number(p.persons), occurrence: at });
        if (sent) out.push(sent);
        run.reminded++;
      }
    }
    return out;
  });
  for (const s of sends) await enqueueSend(deps, s);
  return run;
}

/** Every municipality's reminders (and stalled waiting lists); one failing municipality does not stop the others. */
export async function remindAll(deps: AppDeps, now = clock.now()): Promise<ReminderRun> {
  const total: ReminderRun = { events: 0, reminded: 0 };
  await forEachTenant(deps, 'event reminders failed', async (tenant) => {
    const r = await remindTenant(deps, tenant, now);
    total.events += r.events;
    total.reminded += r.reminded;
  });
  // places freed where no answer moved the list (an erasure whose signal was lost): at most a minute late
  await forEachTenant(deps, 'moving waiting lists failed', (tenant) => moveWaitlists(deps, tenant));
  return total;
}

export const eventRemindersJob = everyMinuteJob('events.reminders', (ctx) => remindAll(ctx));
