// CAP in: external CAP feeds a municipality subscribes to, their rules and last poll, and the alerts read from them.
import { z } from 'zod';
import { CAP_FEED_KINDS, CAP_FEED_MODES, CAP_ITEM_STATES, CAP_MSG_TYPES, WARNING_SEVERITIES } from '../states.ts';
import { counts, itemsOf, listLimit, timestamp, withDefaults } from './common.ts';

/** The feed's fields without defaults: the PATCH takes any subset of them and must not reset the others. */
const capFeedFields = z.strictObject({
  name: z.string().trim().min(2, 'must be at least 2 characters').max(120),
  /** http or https; private and loopback addresses only where the operator allows them. */
  url: z.string().trim().min(8).max(2000),
  kind: z.enum(CAP_FEED_KINDS),
  mode: z.enum(CAP_FEED_MODES),
  minSeverity: z.enum(WARNING_SEVERITIES),
  /** CAP `event` values to take (case-insensitive); empty: every event. */
  eventTypes: z.array(z.string().trim().min(1).max(100)).max(50),
  requireAreaIntersection: z.boolean(),
  intervalMinutes: z.number().int().min(1).max(1440),
  enabled: z.boolean(),
});

export const capFeedInput = withDefaults(capFeedFields, {
  minSeverity: 'minor',
  eventTypes: [],
  requireAreaIntersection: true,
  intervalMinutes: 5,
  enabled: true,
});
export type CapFeedInput = z.input<typeof capFeedInput>;

export const capFeedPatch = capFeedFields.partial();
export type CapFeedPatch = z.infer<typeof capFeedPatch>;

export const capFeed = z.object({
  id: z.uuid(),
  name: z.string(),
  url: z.string(),
  kind: z.enum(CAP_FEED_KINDS),
  mode: z.enum(CAP_FEED_MODES),
  minSeverity: z.enum(WARNING_SEVERITIES),
  eventTypes: z.array(z.string()),
  requireAreaIntersection: z.boolean(),
  intervalMinutes: z.number().int(),
  enabled: z.boolean(),
  lastPolledAt: timestamp.nullable(),
  lastSuccessAt: timestamp.nullable(),
  /** Why the last poll failed (a code and a sentence; never the feed's content); null after a good poll. */
  lastError: z.string().nullable(),
  /** Alerts waiting for a decision. */
  proposals: z.number().int(),
  createdAt: timestamp,
});
export type CapFeed = z.infer<typeof capFeed>;
export const capFeedList = itemsOf(capFeed);
export type CapFeedList = z.infer<typeof capFeedList>;

export const capFeedItem = z.object({
  id: z.uuid(),
  feedId: z.uuid(),
  identifier: z.string(),
  sender: z.string(),
  sent: z.string(),
  msgType: z.enum(CAP_MSG_TYPES),
  state: z.enum(CAP_ITEM_STATES),
  reason: z.string().nullable(),
  warningId: z.uuid().nullable(),
  event: z.string(),
  severity: z.string().nullable(),
  headline: z.string(),
  areaDesc: z.string(),
  createdAt: timestamp,
  decidedAt: timestamp.nullable(),
});
export type CapFeedItem = z.infer<typeof capFeedItem>;
export const capFeedItemList = itemsOf(capFeedItem);
export type CapFeedItemList = z.infer<typeof capFeedItemList>;

export const capItemQuery = z.strictObject({
  state: z.enum(CAP_ITEM_STATES).optional(),
  limit: listLimit,
});

/**
 * What one poll did: alerts `read` (documents fetched and parsed) and what became of them; `applied`: Update or Cancel
 * applied to a relayed warning; `failed`: linked documents refused (malformed, too large, unreachable), the rest of the
 * feed is taken.
 */
export const capPollResult = z.object({
  feed: capFeed,
  notModified: z.boolean(),
  ...counts('read', 'relayed', 'proposed', 'dropped', 'duplicates', 'applied', 'failed'),
});
export type CapPollResult = z.infer<typeof capPollResult>;
