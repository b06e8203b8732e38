// Quiet hours at send time: a delivery to a resident inside their quiet window is held until the window ends.
import { sql } from 'drizzle-orm';
import { quietHoursApply, quietHoursEnd } from '../../../common/quiet-hours.ts';
import type { Tx } from '../../platform/db/client.ts';
import { queryRows } from '../../platform/db/client.ts';
import { type WarningPolicy, tenants } from '../../platform/db/schema.ts';

// residents per statement: well below PostgreSQL's limits for one array parameter
const QUIET_CHUNK = 20_000;

/** Each given resident's end of quiet hours in this tenant, for those inside them now. */
export async function quietHoursFor(tx: Tx, residentIds: string[], timeZone: string, now: Date): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  const ids = [...new Set(residentIds)];
  for (let i = 0; i < ids.length; i += QUIET_CHUNK) {
    const rows = await queryRows<{ residentId: string; quietStart: number; quietEnd: number }>(
      tx,
      sql`select resident_id as "residentId", quiet_start as "quietStart", quiet_end as "quietEnd" from follows
           where resident_id = any(${sql.param(ids.slice(i, i + QUIET_CHUNK))}::uuid[]) and quiet_start is not null and quiet_end is not null`,
    );
    for (const r of rows) {
      const end = quietHoursEnd(r.quietStart, r.quietEnd, timeZone, now);
      if (end) out.set(r.residentId, end);
    }
  }
  return out;
}

/**
 * The end of quiet hours for each given resident inside them now, when quiet hours apply to a message of this kind by the
 * tenant's policy. The policy and the first 20,000 residents' quiet hours are read in one statement: a warning's accept
 * waits for every round trip, and by the default policy it needs none beyond this one.
 */
export async function quietHoursEnds(tx: Tx, tenantId: string, kind: string, residentIds: string[], now: Date): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  // a kind that would not wait even by the strictest policy (transactional, a test send) reads nothing
  const ids = quietHoursApply(kind, { ignoreQuietHours: false }) ? [...new Set(residentIds)] : [];
  if (!ids.length) return out;
  const rows = await queryRows<{ timeZone: string; policy: WarningPolicy; residentId: string | null; quietStart: number | null; quietEnd: number | null }>(
    tx,
    sql`select t.time_zone as "timeZone", t.warning_policy as policy, f.resident_id as "residentId", f.quiet_start as "quietStart", f.quiet_end as "quietEnd"
          from ${tenants} t
          left join follows f on f.resident_id = any(${sql.param(ids.slice(0, QUIET_CHUNK))}::uuid[]) and f.quiet_start is not null and f.quiet_end is not null
         where t.id = ${tenantId}`,
  );
  const timeZone = rows[0]?.timeZone ?? 'Europe/Berlin';
  if (!quietHoursApply(kind, rows[0]?.policy ?? { ignoreQuietHours: true, ignoreTopics: true })) return out;
  for (const r of rows) {
    const end = r.residentId && r.quietStart !== null && r.quietEnd !== null ? quietHoursEnd(r.quietStart, r.quietEnd, timeZone, now) : null;
    if (end) out.set(r.residentId!, end);
  }
  if (ids.length > QUIET_CHUNK) for (const [id, end] of await quietHoursFor(tx, ids.slice(QUIET_CHUNK), timeZone, now)) out.set(id, end);
  return out;
}
