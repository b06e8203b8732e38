// Warnings as the staff API takes and answers them: issue, update, cancel, all-clear, the list and one chain.
import { z } from 'zod';
import { WARNING_AREA_KINDS, WARNING_CERTAINTIES, WARNING_MSG_TYPES, WARNING_SEVERITIES, WARNING_STATUSES, WARNING_URGENCIES } from '../states.ts';
import { timestamp } from './common.ts';

export const MAX_POLYGON_POINTS = 1000;

const text = (max: number) => z.string().trim().min(1, 'is required').max(max);
const when = z.iso.datetime({ offset: true });

/** A warning's text in one more language than German (e.g. `en`). */
export const languageVersion = z.strictObject({
  event: text(120),
  headline: text(160),
  description: text(5000),
  instruction: z.string().trim().max(2000).nullable().optional(),
});
const languages = z.record(z.string().regex(/^[a-z]{2}(-[A-Za-z]{2,8})?$/, 'is a language tag such as "en"'), languageVersion);

const position = z.tuple([z.number(), z.number()]); // [longitude, latitude]
/** A drawn area: a GeoJSON Polygon with one closed ring of at most 1000 positions, inside the municipality. */
export const warningPolygon = z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)).min(1).max(1, 'give one ring, no holes') });

export const warningArea = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('tenant') }),
  z.strictObject({ kind: z.literal('streets'), streetIds: z.array(z.uuid()).min(1, 'choose at least one street').max(5000) }),
  z.strictObject({ kind: z.literal('polygon'), polygon: warningPolygon, description: z.string().trim().max(200).optional() }),
]);
export type WarningArea = z.infer<typeof warningArea>;

const content = {
  severity: z.enum(WARNING_SEVERITIES),
  urgency: z.enum(WARNING_URGENCIES).default('immediate'),
  certainty: z.enum(WARNING_CERTAINTIES).default('likely'),
  event: text(120),
  headline: text(160),
  description: text(5000),
  instruction: z.string().trim().max(2000).nullable().optional(),
  onset: when.nullable().optional(),
  expiresAt: when.nullable().optional(),
  languages: languages.optional(),
};

export const warningInput = z.strictObject({
  /** Exercise and test warnings are marked as such in every text and document. */
  status: z.enum(WARNING_STATUSES).default('actual'),
  ...content,
  area: warningArea,
});
export type WarningInput = z.input<typeof warningInput>;

/** An update: what changes; the area and the people reached stay those of the original. */
export const warningUpdateInput = z
  .strictObject({
    severity: content.severity.optional(),
    urgency: z.enum(WARNING_URGENCIES).optional(),
    certainty: z.enum(WARNING_CERTAINTIES).optional(),
    event: content.event.optional(),
    headline: content.headline.optional(),
    description: content.description.optional(),
    instruction: content.instruction,
    onset: content.onset,
    expiresAt: content.expiresAt,
    languages: content.languages,
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'name at least one field to change' });
export type WarningUpdateInput = z.input<typeof warningUpdateInput>;

export const warningCancelInput = z.strictObject({ reason: z.string().trim().max(500).optional() });
export type WarningCancelInput = z.input<typeof warningCancelInput>;

export const warningAllClearInput = z.strictObject({
  headline: z.string().trim().min(1).max(160).optional(),
  description: z.string().trim().min(1).max(5000).optional(),
});
export type WarningAllClearInput = z.input<typeof warningAllClearInput>;

export const warningListQuery = z.strictObject({ state: z.enum(['current', 'past']).optional() });

/** One version of a warning: one CAP message. */
export const warningVersion = z.object({
  id: z.uuid(),
  chainId: z.uuid(),
  version: z.number().int(),
  capIdentifier: z.string(),
  capUrl: z.string(),
  status: z.enum(WARNING_STATUSES),
  msgType: z.enum(WARNING_MSG_TYPES),
  allClear: z.boolean(),
  severity: z.enum(WARNING_SEVERITIES),
  urgency: z.enum(WARNING_URGENCIES),
  certainty: z.enum(WARNING_CERTAINTIES),
  event: z.string(),
  headline: z.string(),
  description: z.string(),
  instruction: z.string().nullable(),
  area: z.object({
    kind: z.enum(WARNING_AREA_KINDS),
    streetIds: z.array(z.uuid()),
    polygon: warningPolygon.nullable(),
    description: z.string(),
  }),
  onset: timestamp.nullable(),
  expiresAt: timestamp.nullable(),
  languages: z.record(z.string(), z.object({ event: z.string(), headline: z.string(), description: z.string(), instruction: z.string().nullable() })),
  source: z.object({ feedId: z.uuid(), capIdentifier: z.string(), capSender: z.string() }).nullable(),
  originNetworkId: z.uuid().nullable(),
  messageIds: z.array(z.uuid()),
  recipients: z.number().int(),
  sentAt: timestamp,
  createdBy: z.uuid().nullable(),
});
export type WarningVersion = z.infer<typeof warningVersion>;

/** `current`: not ended and not expired; `ended`: cancelled or all-clear given; `expired`: past its expiry. */
export const warningState = z.enum(['current', 'ended', 'expired']);
export type WarningState = z.infer<typeof warningState>;

/** A warning in the list: its latest version and where the chain stands. */
export const warningSummary = warningVersion.extend({ state: warningState, versions: z.number().int() });
export type WarningSummary = z.infer<typeof warningSummary>;
export const warningList = z.object({ items: z.array(warningSummary) });
export type WarningList = z.infer<typeof warningList>;

const counts = z.record(z.string(), z.number().int());
/** Deliveries of a version per channel and status (queued, sending, sent, delivered, failed, expired). */
export const warningProgress = z.object({ messageIds: z.array(z.uuid()), total: z.number().int(), byStatus: counts, byChannel: z.record(z.string(), counts) });

export const warningDetail = z.object({
  warning: warningSummary,
  versions: z.array(warningVersion.extend({ progress: warningProgress })),
});
export type WarningDetail = z.infer<typeof warningDetail>;
