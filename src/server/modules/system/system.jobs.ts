// Maintenance: drop expired sessions, reset tokens, stale invitations and used-up rate-limit windows. Hourly, and on demand.
import { lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { passwordResets, pendingReceipts, rateLimitHits, sessions } from '../../platform/db/schema.ts';
import { defineJob } from '../../platform/jobs.ts';

export const purgeExpiredJob = defineJob({
  name: 'maintenance.purge-expired',
  payload: z.object({}).passthrough(),
  cron: '17 * * * *',
  retryLimit: 2,
  async handle(_payload, { db, log }) {
    const s = await db.system.delete(sessions).where(lt(sessions.expiresAt, sql`now()`)).returning({ id: sessions.id });
    const r = await db.system
      .delete(passwordResets)
      .where(lt(passwordResets.expiresAt, sql`now() - interval '1 day'`))
      .returning({ t: passwordResets.tokenHash });
    // receipts parked for ids that never showed up (parts of long SMS, duplicates)
    const p = await db.system
      .delete(pendingReceipts)
      .where(lt(pendingReceipts.at, sql`now() - interval '1 day'`))
      .returning({ id: pendingReceipts.providerMessageId });
    // request counters whose window has run out (src/server/platform/rate-limit.ts)
    const h = await db.system.delete(rateLimitHits).where(lt(rateLimitHits.resetAt, sql`now()`)).returning({ key: rateLimitHits.key });
    log.info({ sessions: s.length, passwordResets: r.length, pendingReceipts: p.length, rateLimitHits: h.length }, 'purged expired rows');
  },
});
