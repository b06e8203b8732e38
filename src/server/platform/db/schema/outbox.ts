// The dev outbox.
import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { CHANNELS } from '../../../../common/states.ts';
import { createdAt, enumChecks, id, jsonRecord } from './columns.ts';
import { tenantId } from './tenant-table.ts';

/** Dev outbox: what would have left the installation. Installation mails (password reset) carry the installation tenant. */
export const devOutbox = pgTable(
  'dev_outbox',
  {
    id: id().primaryKey(),
    tenantId: tenantId(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject'),
    bodyText: text('body_text').notNull(),
    bodyHtml: text('body_html'),
    meta: jsonRecord('meta'),
    /** The message as the recipient got it (codes and links in clear), AES-GCM; body_text shows it masked. */
    sealed: text('sealed'),
    createdAt: createdAt(),
  },
  (t) => [index('dev_outbox_tenant_idx').on(t.tenantId, t.createdAt), ...enumChecks('dev_outbox', t.channel)],
);
