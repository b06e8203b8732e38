// Staff messages (stored as campaigns): compose once, derived versions per channel and language, the approval
// workflow, templates and the municipality's message settings. Request schemas live here too, so the console's forms
// validate with the same rules the server applies.
import { z } from 'zod';
import { CAMPAIGN_CHANNELS, CAMPAIGN_STATUSES, MESSAGE_LANGUAGES } from '../states.ts';
import { itemsOf, requiredText, timestamp } from './common.ts';

export { CAMPAIGN_CHANNELS, CAMPAIGN_STATUSES, MESSAGE_LANGUAGES } from '../states.ts';
export type { CampaignChannel, CampaignStatus, MessageLanguage } from '../states.ts';

export const campaignStatus = z.enum(CAMPAIGN_STATUSES);
export const campaignChannel = z.enum(CAMPAIGN_CHANNELS);
export const messageLanguage = z.enum(MESSAGE_LANGUAGES);
/** The channels a message (or an invitation, an announcement) goes out on: at least one. */
export const campaignChannels = z.array(campaignChannel).min(1, 'choose at least one channel').max(4);

// ---------------------------------------------------------------------------------------------------------------
// Requests

/** Who the message goes to: topics, streets, areas, tags (any of); empty lists: everyone who follows the municipality. */
export const messageAudienceInput = z.strictObject({
  topics: z.array(z.string().max(64)).max(50).optional(),
  areaIds: z.array(z.uuid()).max(500).optional(),
  streetIds: z.array(z.uuid()).max(5000).optional(),
  tags: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
});
export type MessageAudienceInput = z.infer<typeof messageAudienceInput>;

/**
 * A version staff edited by hand for one channel and language (an edited version is kept as written and never
 * derived again from the body). `subject`: e-mail subject, push title or portal headline; `text`: the SMS or push
 * text as sent, or for e-mail and portal the Markdown source the server renders (plain text and HTML) from.
 */
export const versionInput = z.strictObject({
  language: messageLanguage,
  channel: campaignChannel,
  subject: z.string().trim().max(200).optional(),
  text: requiredText(20_000),
});
export type VersionInput = z.infer<typeof versionInput>;

/** A translation: title and body in one more language (German is the message's own title and body). */
export const translationInput = z.strictObject({
  language: messageLanguage,
  title: requiredText(200),
  body: requiredText(20_000),
});
export type TranslationInput = z.infer<typeof translationInput>;

const messageFields = {
  /** German title: e-mail subject, push title, portal headline. */
  title: requiredText(200),
  /** Markdown subset: headings, paragraphs, links (http, https, mailto), lists, bold, italic. No HTML. */
  body: requiredText(20_000),
  topic: z.string().max(64).nullable().optional(),
  audience: messageAudienceInput,
  channels: campaignChannels,
  /** Other languages besides German (each must be enabled for the municipality). */
  translations: z.array(translationInput).max(6).optional(),
  /** Hand-edited channel versions; versions not listed are derived. */
  versions: z.array(versionInput).max(24).optional(),
  /** Urgent messages are not held back by residents' quiet hours. */
  urgent: z.boolean().optional(),
};

/** POST /messages: a new draft. */
export const messageCreateInput = z.strictObject(messageFields);
export type MessageCreateInput = z.infer<typeof messageCreateInput>;

/** PATCH /messages/:id (draft or rejected only); every field optional. */
export const messageUpdateInput = messageCreateInput.partial();
export type MessageUpdateInput = z.infer<typeof messageUpdateInput>;

/** POST /messages/preview: the same fields as a draft, nothing stored. */
export const messagePreviewInput = messageCreateInput;
export type MessagePreviewInput = MessageCreateInput;

/** POST /messages/:id/attachments: an image (PNG, JPEG, WebP) or PDF, base64; the type is taken from the bytes. */
export const attachmentInput = z.strictObject({
  filename: requiredText(200),
  /** Base64 of the file, at most 2 MB decoded. */
  data: z.base64().max(2_900_000),
});
export type AttachmentInput = z.infer<typeof attachmentInput>;

export const rejectInput = z.strictObject({ reason: requiredText(1000) });
export const scheduleInput = z.strictObject({ at: z.iso.datetime({ offset: true }) });
export const followUpInput = z.strictObject({ channel: z.enum(['sms', 'email', 'push']) });

export const messageListQuery = z.strictObject({
  status: campaignStatus.optional(),
  topic: z.string().max(64).optional(),
  /** Staff user id of the author. */
  author: z.uuid().optional(),
  /** Search in titles. */
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type MessageListQuery = z.infer<typeof messageListQuery>;

export const approvalPolicy = z.strictObject({
  /** none: editors send directly; all: every message needs a second person; threshold: above either limit. */
  mode: z.enum(['none', 'all', 'threshold']),
  minRecipients: z.number().int().min(1).max(10_000_000).optional(),
  minCostCents: z.number().int().min(1).max(100_000_000).optional(),
});
export type ApprovalPolicy = z.infer<typeof approvalPolicy>;

/** GET/PATCH /message-settings. */
export const messageSettingsInput = z.strictObject({
  /** Enabled languages; German is always included. */
  languages: z.array(messageLanguage).min(1).max(MESSAGE_LANGUAGES.length).optional(),
  approvalPolicy: approvalPolicy.optional(),
  smsMaxParts: z.number().int().min(1).max(10).optional(),
});
export type MessageSettingsInput = z.infer<typeof messageSettingsInput>;

export const templateInput = z.strictObject({
  name: requiredText(200),
  title: z.string().trim().max(200).optional(),
  body: requiredText(20_000),
  topic: z.string().max(64).nullable().optional(),
});
export type TemplateInput = z.infer<typeof templateInput>;
export const templateUpdateInput = templateInput.partial();

// ---------------------------------------------------------------------------------------------------------------
// Responses

export const messageSettings = z.object({
  languages: z.array(messageLanguage),
  approvalPolicy,
  smsMaxParts: z.number().int(),
});
export type MessageSettings = z.infer<typeof messageSettings>;

export const messageAudience = z.object({
  topics: z.array(z.string()),
  areaIds: z.array(z.uuid()),
  streetIds: z.array(z.uuid()),
  tags: z.array(z.string()),
});
export type MessageAudience = z.infer<typeof messageAudience>;

/** One channel's text in one language, as the resident will see it. */
export const messageVersion = z.object({
  language: messageLanguage,
  channel: campaignChannel,
  /** E-mail subject, push title, portal headline; null for SMS. */
  subject: z.string().nullable(),
  /** SMS text and push text as sent; for e-mail and portal the Markdown source the HTML is rendered from. */
  text: z.string(),
  /** Rendered HTML (e-mail, portal); null for SMS and push. */
  html: z.string().nullable(),
  /** Written by hand: kept as is when the body changes. */
  edited: z.boolean(),
  /** SMS only: parts per message, encoding; null for other channels. */
  sms: z.object({ encoding: z.enum(['GSM-7', 'UCS-2']), parts: z.number().int(), units: z.number().int(), remainingInSegment: z.number().int() }).nullable(),
});
export type MessageVersion = z.infer<typeof messageVersion>;

export const messageAttachment = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  /** Public once the message is sent (portal, e-mail link). */
  url: z.string(),
});
export type MessageAttachment = z.infer<typeof messageAttachment>;

export const person = z.object({ id: z.uuid(), name: z.string() }).nullable();

/** One transition of the workflow (from the audit log). */
export const messageEvent = z.object({ action: z.string(), at: timestamp, by: z.string().nullable(), details: z.record(z.string(), z.unknown()) });

/** A message as the list shows it. */
export const messageRow = z.object({
  id: z.uuid(),
  status: campaignStatus,
  title: z.string(),
  topic: z.string().nullable(),
  author: person,
  /** Short human summary of the audience ("Abfall · 2 Gebiete"), language-neutral pieces. */
  audience: messageAudience,
  channels: z.array(campaignChannel),
  createdAt: timestamp,
  scheduledAt: timestamp.nullable(),
  sentAt: timestamp.nullable(),
  /** Residents the send reached (null before sending). */
  recipients: z.number().int().nullable(),
  /** Deliveries delivered (or sent where a channel has no receipts). */
  delivered: z.number().int().nullable(),
  costCents: z.number().int().nullable(),
});
export type MessageRow = z.infer<typeof messageRow>;
export const messagePage = z.object({ items: z.array(messageRow), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type MessagePage = z.infer<typeof messagePage>;

/** GET /messages/:id and the answer of every workflow action. */
export const messageDetail = messageRow.extend({
  body: z.string(),
  urgent: z.boolean(),
  translations: z.array(z.object({ language: messageLanguage, title: z.string(), body: z.string() })),
  versions: z.array(messageVersion),
  attachments: z.array(messageAttachment),
  submittedBy: person,
  submittedAt: timestamp.nullable(),
  approvedBy: person,
  approvedAt: timestamp.nullable(),
  rejectionReason: z.string().nullable(),
  cancelledAt: timestamp.nullable(),
  /** The message this one corrects. */
  correctionOf: z.uuid().nullable(),
  originNetwork: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** Estimate at approval time. */
  estimatedRecipients: z.number().int().nullable(),
  estimatedCostCents: z.number().int().nullable(),
  /** Engine message ids of the send, one per language (progress, follow-up). */
  deliveryMessageIds: z.array(z.uuid()),
  /** What the signed-in staff member may do now, and why not (console buttons). */
  can: z.object({
    edit: z.boolean(),
    submit: z.boolean(),
    approve: z.boolean(),
    /** Why approving is refused, e.g. 'own_message'. */
    approveBlockedBy: z.string().nullable(),
    reject: z.boolean(),
    send: z.boolean(),
    /** Sending needs approval first (policy). */
    needsApproval: z.boolean(),
    schedule: z.boolean(),
    cancel: z.boolean(),
    correct: z.boolean(),
  }),
  history: z.array(messageEvent),
});
export type MessageDetail = z.infer<typeof messageDetail>;

/** POST /messages/preview: derived versions and what the send would cost and reach. */
export const messagePreview = z.object({
  versions: z.array(messageVersion),
  /** Residents reached, in all and per channel (portal: not counted). */
  recipients: z.number().int(),
  byChannel: z.record(z.string(), z.number().int()),
  /** By language the residents would get (theirs if the message has it, else German). */
  byLanguage: z.record(z.string(), z.number().int()),
  /** Residents whose quiet hours hold the message back until they end (0 for urgent messages). */
  waitingForQuietHours: z.number().int(),
  costCents: z.object({ sms: z.number().int(), email: z.number().int(), push: z.number().int(), total: z.number().int() }),
  /** Whether this send needs a second person's approval under the municipality's policy. */
  needsApproval: z.boolean(),
  smsMaxParts: z.number().int(),
});
export type MessagePreview = z.infer<typeof messagePreview>;

/** A template's own fields, as staff of a municipality and of a network see them. */
export const templateView = { id: z.uuid(), name: z.string(), title: z.string(), body: z.string(), topic: z.string().nullable() };

export const messageTemplate = z.object({
  ...templateView,
  /** Set for a network's template: read-only here. */
  network: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  readOnly: z.boolean(),
  version: z.number().int(),
  updatedAt: timestamp,
});
export type MessageTemplate = z.infer<typeof messageTemplate>;
export const templateList = itemsOf(messageTemplate);

/** POST /messages/:id/follow-up answers with the delivery engine's follow-up result. */
export { type FollowUpResult, followUpResult } from './delivery-progress.ts';
