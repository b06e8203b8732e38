// Staff sign-in: sessions, password resets and account-level events.
import { bigserial, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, ownedBy, singleUse } from './columns.ts';
import { staffUsers } from './staff.ts';

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: ownedBy('user_id', () => staffUsers.id),
    csrfToken: text('csrf_token').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: at('last_seen_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

export const passwordResets = pgTable('password_resets', {
  tokenHash: text('token_hash').primaryKey(),
  userId: ownedBy('user_id', () => staffUsers.id),
  ...singleUse(),
  createdAt: createdAt(),
});

/** Account-level actions (sign-in, password, 2FA) that belong to no single tenant. */
export const accountEvents = pgTable(
  'account_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id').references(() => staffUsers.id, { onDelete: 'cascade' }),
    email: text('email'),
    action: text('action').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [index('account_events_user_idx').on(t.userId, t.at)],
);

/** Counters of @fastify/rate-limit shared by every process (src/server/platform/rate-limit.ts); not tenant-owned. */
export const rateLimitHits = pgTable(
  'rate_limit_hits',
  {
    key: text('key').primaryKey(),
    count: integer('count').notNull(),
    resetAt: at('reset_at').notNull(),
  },
  (t) => [index('rate_limit_hits_reset_idx').on(t.resetAt)],
);
