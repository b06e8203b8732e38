// Threading in tests: run the inbox's threader and wait until nothing waits. A test app with workers (`work: true`)
// threads the same messages when the inbound event wakes it; threadPending skips a message such a worker holds and
// returns before that worker commits, so a test that reads the conversation right after it would race the worker.
import { sql } from 'drizzle-orm';
import { threadPending } from '../../src/server/modules/inbox/index.ts';
import type { AppDeps } from '../../src/server/platform/context.ts';
import { queryRows } from '../../src/server/platform/db/client.ts';

export async function threadAll(deps: AppDeps, waitMs = 20_000): Promise<void> {
  for (const end = Date.now() + waitMs; ; ) {
    await threadPending(deps);
    const [left] = await queryRows<{ n: number }>(
      deps.db.system,
      sql`select count(*)::int as n from inbound_messages where conversation_id is null and tenant_id is not null`,
    );
    if (left.n === 0) return;
    if (Date.now() > end) throw new Error(`${left.n} inbound messages are still not threaded after ${waitMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The columns of a conversation as the threader leaves it after one inbound message at `at`: open, the first answer
 * due at `due`, resolution due at `resolveBy`. A test spreads it and adds the contact, channel and department.
 */
export const threadedConversation = (tenantId: string, at: Date, due: Date, resolveBy: Date) => ({
  tenantId,
  status: 'open' as const,
  inboundCount: 1,
  firstInboundAt: at,
  lastInboundAt: at,
  lastActivityAt: at,
  firstResponseDueAt: due,
  resolutionDueAt: resolveBy,
  nextDueAt: due as Date | null,
});
