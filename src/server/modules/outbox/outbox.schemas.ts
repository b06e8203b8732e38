import { z } from 'zod';
import { itemsOf, listLimit } from '../../../common/contracts/common.ts';

/** A dev outbox row as staff see it: codes and links masked (`masked` says the message carried one). */
export const outboxItemView = z.object({
  id: z.uuid(),
  channel: z.string(),
  recipient: z.string(),
  subject: z.string().nullable(),
  bodyText: z.string(),
  bodyHtml: z.string().nullable(),
  meta: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  /** Sent by the installation (password resets), not by a municipality. */
  installation: z.boolean(),
  masked: z.boolean(),
});
export const outboxListView = itemsOf(outboxItemView);

/** The message as its recipient got it (installation operators only): the row's message fields, unmasked. */
export const outboxOriginalView = outboxItemView.pick({ id: true, channel: true, recipient: true, subject: true, bodyText: true, bodyHtml: true });

export const outboxQuery = z.strictObject({ limit: listLimit, before: z.iso.datetime({ offset: true }).optional() });
