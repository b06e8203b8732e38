// Municipalities (tenants) and the networks (Landkreis, Verbund) they belong to.
import { boolean, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { DEFAULT_INBOX_SETTINGS, type InboxSettings } from '../../../../common/opening-hours.ts';
import { DEFAULT_REPORTS_SETTINGS, type ReportsSettings } from '../../../../common/report-settings.ts';
import { FEDERAL_STATES, NETWORK_KINDS } from '../../../../common/states.ts';
import { createdAt, enumChecks, id, ownedBy, timestamps } from './columns.ts';

export interface TenantContact {
  email?: string;
  phone?: string;
  address?: string;
  website?: string;
}

export interface WarningPolicy {
  ignoreQuietHours: boolean;
  ignoreTopics: boolean;
}

export interface ApprovalPolicySetting {
  mode: 'none' | 'all' | 'threshold';
  minRecipients?: number;
  minCostCents?: number;
}

export const tenants = pgTable(
  'tenants',
  {
    id: id().primaryKey(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    ags: text('ags'),
    locale: text('locale').notNull().default('de'),
    timeZone: text('time_zone').notNull().default('Europe/Berlin'),
    brandColor: text('brand_color').notNull().default('#1d4ed8'),
    logo: text('logo'),
    logoType: text('logo_type'),
    contact: jsonb('contact').$type<TenantContact>().notNull().default({}),
    imprint: text('imprint').notNull().default(''),
    privacyText: text('privacy_text').notNull().default(''),
    accessibilityFeedbackEmail: text('accessibility_feedback_email'),
    requireTwoFactor: boolean('require_two_factor').notNull().default(false),
    smsSenderId: text('sms_sender_id'),
    emailFromName: text('email_from_name'),
    /** Country calling codes a resident may register with (SMS pumping protection). */
    allowedCountries: jsonb('allowed_countries').$type<string[]>().notNull().default(['DE', 'AT', 'CH', 'CZ', 'SK', 'PL', 'NL', 'BE', 'LU', 'FR', 'IT', 'DK']),
    codeSmsDailyBudget: integer('code_sms_daily_budget').notNull().default(200),
    warningsOptional: boolean('warnings_optional').notNull().default(false),
    /** Whether warnings pass residents' quiet hours and topic choices (both by default). */
    warningPolicy: jsonb('warning_policy').$type<WarningPolicy>().notNull().default({ ignoreQuietHours: true, ignoreTopics: true }),
    /** Languages messages are written in (German always; 'de-x-ls' Leichte Sprache), migration 0015. */
    languages: jsonb('languages').$type<string[]>().notNull().default(['de']),
    /** When a message needs a second person's approval before it goes out. */
    approvalPolicy: jsonb('approval_policy').$type<ApprovalPolicySetting>().notNull().default({ mode: 'none' }),
    /** An SMS version longer than this many parts is refused. */
    smsMaxParts: integer('sms_max_parts').notNull().default(3),
    population: integer('population'),
    /** Map tiles for the console's maps (`{z}/{x}/{y}` template); null = maps without tiles, nothing loaded from elsewhere. */
    mapTileUrl: text('map_tile_url'),
    mapAttribution: text('map_attribution'),
    /** The federal state whose public holidays the inbox deadlines skip (migration 0020). */
    federalState: text('federal_state', { enum: FEDERAL_STATES }).notNull().default('NW'),
    /** Inbox deadlines, business hours, reminders and retention (migration 0020). */
    inboxSettings: jsonb('inbox_settings').$type<InboxSettings>().notNull().default(DEFAULT_INBOX_SETTINGS),
    /** Reports: duplicate radius, reopen period, public map (migration 0021). */
    reportsSettings: jsonb('reports_settings').$type<ReportsSettings>().notNull().default(DEFAULT_REPORTS_SETTINGS),
    ...timestamps(),
  },
  (t) => enumChecks('tenants', t.federalState),
);

export const networks = pgTable(
  'networks',
  {
    id: id().primaryKey(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    kind: text('kind', { enum: NETWORK_KINDS }).notNull().default('verbund'),
    createdAt: createdAt(),
  },
  (t) => enumChecks('networks', t.kind),
);

export const networkTenants = pgTable(
  'network_tenants',
  {
    networkId: ownedBy('network_id', () => networks.id),
    tenantId: ownedBy('tenant_id', () => tenants.id),
    joinedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.networkId, t.tenantId] })],
);
