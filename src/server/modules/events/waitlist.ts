// Waiting lists that should have moved but did not: places freed where no answer ran `promoteWaitlist` — above all an
// erasure (Art. 17) deleting a confirmed answer in the residents module, which cannot call this module (events imports
// residents). The erasure says which events lost answers ('residents.erased') and they move at once; the minute job
// sweeps every municipality as well, so a crash between the erasure's commit and that signal delays a promotion by a
// minute instead of leaving it to the next answer.
import { sql } from 'drizzle-orm';
import { clock } from '../../platform/clock.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { emit, on } from '../../platform/events.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { enqueueSend, type PreparedSend } from '../delivery/index.ts';
import { findTenantById } from '../tenants/index.ts';
import { isOver } from './rsvp.occurrences.ts';
import { lockEvent } from './rsvp.repository.ts';
import { promoteWaitlist } from './rsvp.service.ts';

/** Published events of one municipality with someone waiting and at least one free place (cheap: waiting is rare). */
async function stalledEvents(tx: Tx, tenantId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select e.id from events e
         where e.tenant_id = ${tenantId} and e.status = 'published'
           and exists (select 1 from event_rsvps w where w.tenant_id = e.tenant_id and w.event_id = e.id and w.state = 'waitlisted')
           and (e.capacity is null or e.capacity > (
                 select coalesce(sum(c.persons), 0) from event_rsvps c
                  where c.tenant_id = e.tenant_id and c.event_id = e.id and c.state = 'confirmed'))`,
  );
  return rows.map((r) => r.id);
}

/**
 * Moves the waiting lists of the given events (or of every stalled event of the municipality) as far as their free
 * places allow, each under its event lock as an answer would, and tells the promoted residents. Returns how many were told.
 */
export async function moveWaitlists(deps: AppDeps, tenant: TenantRow, eventIds?: string[]): Promise<number> {
  const ids = eventIds ?? (await deps.db.withTenant(tenant.id, (tx) => stalledEvents(tx, tenant.id)));
  let moved = 0;
  for (const eventId of new Set(ids)) {
    const sends: PreparedSend[] = await deps.db.withTenant(tenant.id, async (tx) => {
      const event = await lockEvent(tx, tenant.id, eventId);
      // a place in an event that is over helps nobody: no message about it
      return event && !isOver(event, clock.now()) ? promoteWaitlist(deps, tx, tenant, event) : [];
    });
    for (const s of sends) await enqueueSend(deps, s);
    if (sends.length) emit('events.changed', { tenantId: tenant.id, eventId });
    moved += sends.length;
  }
  return moved;
}

/** On 'residents.erased': the events that lost an answer move their waiting lists now. Returns the stop function. */
export function moveWaitlistsOnErasure(deps: AppDeps): () => void {
  return on('residents.erased', ({ eventAnswers }) => {
    const byTenant = new Map<string, string[]>();
    for (const a of eventAnswers) byTenant.set(a.tenantId, [...(byTenant.get(a.tenantId) ?? []), a.eventId]);
    void (async () => {
      for (const [tenantId, eventIds] of byTenant) {
        const tenant = await findTenantById(deps.db, tenantId);
        if (tenant) await moveWaitlists(deps, tenant, eventIds);
      }
    })().catch((err) => deps.log.error({ err }, 'moving waiting lists after an erasure failed; the minute job retries'));
  });
}
