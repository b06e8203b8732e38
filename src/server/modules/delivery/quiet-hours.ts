// Quiet hours at send time: a delivery to a resident inside their quiet window is held until the window ends.
import { sql } from 'drizzle-orm';
import { quietHoursEnd } from '../../../common/quiet-hours.ts';
import type { Tx } from '../../platform/db/client.ts';
import { queryRows } from '../../platform/db/client.ts';
import { type WarningPolicy, tenants } from '../../platform/db/schema.ts';

export interface QuietContext {
  timeZone: string;
  policy: WarningPolicy;
}

/** The tenant's time zone and warning policy, read in its transaction. */
export async function quietContext(tx: Tx, tenantId: string): Promise<QuietContext> {
  const [row] = await tx.select({ timeZone: tenants.timeZone, policy: tenants.warningPolicy }).from(tenants).where(sql`${tenants.id} = ${tenantId}`);
  return { timeZone: row?.timeZone ?? 'Europe/Berlin', policy: row?.policy ?? { ignoreQuietHours: true, ignoreTopics: true } };
}

/** Whether quiet hours apply to a message of this kind (a test send or a server message never waits). */
export function quietHoursApply(kind: string, policy: WarningPolicy): boolean {
  if (kind === 'message') return true;
  if (kind === 'warning') return !policy.ignoreQuietHours;
  return false;
}

/** Each given resident's end of quiet hours in this tenant, for those inside them now. */
export async function quietHoursFor(tx: Tx, residentIds: string[], timeZone: string, now: Date): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  const ids = [...new Set(residentIds)];
  for (let i = 0; i < ids.length; i += 20_000) {
    const rows = await queryRows<{ residentId: string; quietStart: number; quietEnd: number }>(
      tx,
      sql`select resident_id as "residentId", quiet_start as "quietStart", quiet_end as "quietEnd" from follows
           where resident_id = any(${sql.param(ids.slice(i, i + 20_000))}::uuid[]) and quiet_start is not null and quiet_end is not null`,
    );
    for (const r of rows) {
      const end = quietHoursEnd(r.quietStart, r.quietEnd, timeZone, now);
      if (end) out.set(r.residentId, end);
    }
  }
  return out;
}
