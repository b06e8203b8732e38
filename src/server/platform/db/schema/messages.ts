// Staff messages (issue 9): campaigns with their workflow, versions per language and channel, the residents a send
// reached, and templates of a municipality or shared by its network.
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { CAMPAIGN_CHANNELS, CAMPAIGN_STATUSES, type CampaignChannel, MESSAGE_LANGUAGES, type MessageLanguage } from '../../../../common/states.ts';
import { at, bytea, createdAt, enumChecks, id, jsonList, timestamps } from './columns.ts';
import { tenantTable } from './tenant-table.ts';
import { networks, tenants } from './tenants.ts';

/** Who a message goes to (topics, streets, areas, tags); the channels are the campaign's own column. */
export interface CampaignAudience {
  topics?: string[];
  areaIds?: string[];
  streetIds?: string[];
  tags?: string[];
}

export interface CampaignTranslation {
  language: MessageLanguage;
  title: string;
  body: string;
}

export const campaigns = tenantTable(
  'campaigns',
  {
    status: text('status', { enum: CAMPAIGN_STATUSES }).notNull().default('draft'),
    title: text('title').notNull(),
    /** Markdown subset source (German). */
    body: text('body').notNull(),
    topic: text('topic'),
    audience: jsonb('audience').$type<CampaignAudience>().notNull().default({}),
    channels: jsonList<CampaignChannel>('channels'),
    translations: jsonList<CampaignTranslation>('translations'),
    urgent: boolean('urgent').notNull().default(false),
    authorId: uuid('author_id'),
    authorName: text('author_name'),
    submittedBy: uuid('submitted_by'),
    submittedByName: text('submitted_by_name'),
    submittedAt: at('submitted_at'),
    approvedBy: uuid('approved_by'),
    approvedByName: text('approved_by_name'),
    approvedAt: at('approved_at'),
    rejectionReason: text('rejection_reason'),
    scheduledAt: at('scheduled_at'),
    sentAt: at('sent_at'),
    cancelledAt: at('cancelled_at'),
    correctionOf: uuid('correction_of'),
    originNetworkId: uuid('origin_network_id'),
    estimatedRecipients: integer('estimated_recipients'),
    estimatedCostCents: integer('estimated_cost_cents'),
    /** Residents the send reached. */
    recipients: integer('recipients'),
    /** The engine messages of the send, one per language. */
    deliveryMessageIds: jsonList('delivery_message_ids'),
    ...timestamps(),
  },
  (t) => [
    index('campaigns_list_idx').on(t.tenantId, t.createdAt),
    index('campaigns_status_idx').on(t.tenantId, t.status, t.sentAt),
    ...enumChecks('campaigns', t.status),
  ],
);

/** The campaign a row belongs to: migration 0015 ties (tenant_id, campaign_id) to campaigns, deleting the row with it. */
const ofCampaign = () => ({ tenantId: uuid('tenant_id').notNull(), campaignId: uuid('campaign_id').notNull() });

export const campaignVersions = pgTable(
  'campaign_versions',
  {
    ...ofCampaign(),
    language: text('language', { enum: MESSAGE_LANGUAGES }).notNull(),
    channel: text('channel', { enum: CAMPAIGN_CHANNELS }).notNull(),
    subject: text('subject'),
    text: text('text').notNull(),
    html: text('html'),
    /** Written by hand: never derived again from the body. */
    edited: boolean('edited').notNull().default(false),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.campaignId, t.language, t.channel] }), ...enumChecks('campaign_versions', t.language, t.channel)],
);

/** The residents a send went to, with the language they got: a correction reaches the same people. */
export const campaignRecipients = pgTable(
  'campaign_recipients',
  {
    ...ofCampaign(),
    residentId: uuid('resident_id').notNull(),
    language: text('language').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.campaignId, t.residentId] }), index('campaign_recipients_resident_idx').on(t.tenantId, t.residentId)],
);

/** An image or PDF attached to a message (type sniffed from the bytes), served on the portal and linked in e-mails. */
export const campaignAttachments = pgTable(
  'campaign_attachments',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: id(),
    campaignId: uuid('campaign_id').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('campaign_attachments_campaign_idx').on(t.tenantId, t.campaignId)],
);

/** A template of one municipality (tenant_id) or shared by a network with its members (network_id, tenant_id null). */
export const messageTemplates = pgTable(
  'message_templates',
  {
    id: id().primaryKey(),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    networkId: uuid('network_id').references(() => networks.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    title: text('title').notNull().default(''),
    body: text('body').notNull(),
    topic: text('topic'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    ...timestamps(),
  },
  (t) => [index('message_templates_tenant_idx').on(t.tenantId), index('message_templates_network_idx').on(t.networkId)],
);
