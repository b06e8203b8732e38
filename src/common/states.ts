// The one list of every typed state the database stores (status, channel, role, kind, method, …). The Drizzle schema
// types its columns with them, migration 0013 holds the same lists as CHECK constraints (test/typed-states.test.ts
// compares the two), the zod contracts build z.enum from them and the console imports them. Plain data, no zod.
export { ROLES, type Role } from './roles.ts';

/** Channels the delivery engine sends on (providers, deliveries, outbox, inbound messages). */
export const CHANNELS = ['sms', 'email', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Channels a resident may choose; voice reaches landlines (read out by a voice provider). */
export const RESIDENT_CHANNELS = ['sms', 'email', 'push', 'voice'] as const;
export type ResidentChannel = (typeof RESIDENT_CHANNELS)[number];

export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'expired'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** What a provider's receipt can say about a delivery (parked in pending_receipts until the delivery is known). */
export const RECEIPT_STATUSES = ['delivered', 'failed', 'expired'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

/** `transactional`: codes, sign-in links and staff mails; never stopped by an unsubscribe. `test`: staff test sends. */
export const MESSAGE_KINDS = ['message', 'warning', 'test', 'transactional'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const NETWORK_KINDS = ['landkreis', 'verbund'] as const;
export type NetworkKind = (typeof NETWORK_KINDS)[number];

/** What a network sent to its members' residents: a message or a warning. */
export const NETWORK_SEND_KINDS = ['message', 'warning'] as const;
export type NetworkSendKind = (typeof NETWORK_SEND_KINDS)[number];

export const FOLLOW_STATUSES = ['active', 'withdrawn'] as const;
export type FollowStatus = (typeof FOLLOW_STATUSES)[number];

/** How a follow came about. */
export const FOLLOW_SOURCES = ['portal', 'staff', 'import'] as const;
export type FollowSource = (typeof FOLLOW_SOURCES)[number];

export const CONSENT_PURPOSES = ['messages'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CONSENT_ACTIONS = ['given', 'withdrawn'] as const;
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];

/** How a consent was given or withdrawn (the ledger's proof of how). */
/** `sms-start`: a resident who had sent STOP sends START (the earlier consent is restored). */
export const CONSENT_METHODS = ['portal', 'staff', 'import', 'sms-stop', 'sms-start', 'email-unsubscribe'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const EMAIL_LINK_PURPOSES = ['verify', 'sign-in'] as const;
export type EmailLinkPurpose = (typeof EMAIL_LINK_PURPOSES)[number];

export const IMPORT_STATUSES = ['queued', 'validating', 'writing', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** `valid-rows` writes the rows that pass; `all-or-nothing` writes nothing when one row fails. */
export const IMPORT_MODES = ['valid-rows', 'all-or-nothing'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const GDPR_KINDS = ['access', 'erasure', 'rectification', 'objection', 'portability'] as const;
export type GdprKind = (typeof GDPR_KINDS)[number];

export const GDPR_STATUSES = ['open', 'done'] as const;
export type GdprStatus = (typeof GDPR_STATUSES)[number];

/** A staff message's workflow (stored as a campaign): draft → in_review → approved → scheduled | sending → sent. */
export const CAMPAIGN_STATUSES = ['draft', 'in_review', 'approved', 'scheduled', 'sending', 'sent', 'cancelled', 'rejected'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Channels a staff message goes out on; `portal`: the news on the resident portal and its feed. */
export const CAMPAIGN_CHANNELS = ['sms', 'email', 'push', 'portal'] as const;
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];

/** Languages a municipality can enable for messages; `de-x-ls`: Leichte Sprache (a variant of German). */
export const MESSAGE_LANGUAGES = ['de', 'en', 'uk', 'tr', 'ar', 'de-x-ls'] as const;
export type MessageLanguage = (typeof MESSAGE_LANGUAGES)[number];

/** CAP 1.2 `status` of a warning (Actual, Exercise, Test); exercise and test warnings are marked everywhere. */
export const WARNING_STATUSES = ['actual', 'exercise', 'test'] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];

/** CAP 1.2 `msgType` of one version of a warning: the first, an update (an all-clear is an update too), a cancel. */
export const WARNING_MSG_TYPES = ['alert', 'update', 'cancel'] as const;
export type WarningMsgType = (typeof WARNING_MSG_TYPES)[number];

/** CAP 1.2 severity; the console says Information, Warnung, Gefahr, Extreme Gefahr. */
export const WARNING_SEVERITIES = ['minor', 'moderate', 'severe', 'extreme'] as const;
export type WarningSeverity = (typeof WARNING_SEVERITIES)[number];

export const WARNING_URGENCIES = ['immediate', 'expected', 'future', 'past', 'unknown'] as const;
export type WarningUrgency = (typeof WARNING_URGENCIES)[number];

export const WARNING_CERTAINTIES = ['observed', 'likely', 'possible', 'unlikely', 'unknown'] as const;
export type WarningCertainty = (typeof WARNING_CERTAINTIES)[number];

/** Where a warning applies: the whole municipality, chosen streets, or a drawn polygon. */
export const WARNING_AREA_KINDS = ['tenant', 'streets', 'polygon'] as const;
export type WarningAreaKind = (typeof WARNING_AREA_KINDS)[number];

/** How an external CAP feed is read: an Atom or RSS index linking CAP documents, or one CAP document. */
export const CAP_FEED_KINDS = ['atom', 'rss', 'cap'] as const;
export type CapFeedKind = (typeof CAP_FEED_KINDS)[number];

/** `relay`: a matching alert is issued as a warning at once; `propose`: staff approve it with one click. */
export const CAP_FEED_MODES = ['relay', 'propose'] as const;
export type CapFeedMode = (typeof CAP_FEED_MODES)[number];

/** CAP msgType, lower case. */
export const CAP_MSG_TYPES = ['alert', 'update', 'cancel', 'ack', 'error'] as const;
export type CapMsgType = (typeof CAP_MSG_TYPES)[number];

/** What became of an alert read from a feed. */
export const CAP_ITEM_STATES = ['relayed', 'proposed', 'dropped', 'dismissed'] as const;
export type CapItemState = (typeof CAP_ITEM_STATES)[number];

/** Where an inbound message came in: the delivery channels, and the portal's contact form (and later report comments). */
export const INBOUND_CHANNELS = ['sms', 'email', 'push', 'portal'] as const;
export type InboundChannel = (typeof INBOUND_CHANNELS)[number];

/** A conversation (Unterhaltung): open until answered, waiting for the resident, resolved, closed (archived, read-only). */
export const CONVERSATION_STATUSES = ['open', 'waiting', 'resolved', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** Who the other side of a conversation is: a known resident, or an unknown sender known by number or address. */
export const CONTACT_KINDS = ['resident', 'phone', 'email'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** One entry of a conversation: a message in, a reply out, an internal note, or something that happened (assigned, STOP, …). */
export const CONVERSATION_ITEM_KINDS = ['inbound', 'reply', 'note', 'event'] as const;
export type ConversationItemKind = (typeof CONVERSATION_ITEM_KINDS)[number];

/** Notifications for staff in the console (and by e-mail): a mention, a deadline coming up, an escalation, an assignment. */
export const STAFF_NOTIFICATION_KINDS = ['mention', 'reminder', 'escalation', 'assigned'] as const;
export type StaffNotificationKind = (typeof STAFF_NOTIFICATION_KINDS)[number];

/** How a department's new conversations find a person: in turn among the available members, or claimed by hand. */
export const ASSIGNMENT_MODES = ['round-robin', 'claim'] as const;
export type AssignmentMode = (typeof ASSIGNMENT_MODES)[number];

/** German federal states (ISO 3166-2:DE codes without "DE-"), for the public holidays of the deadlines. */
export const FEDERAL_STATES = ['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'] as const;
export type FederalState = (typeof FEDERAL_STATES)[number];

/**
 * A report (Meldung): eingegangen → bestätigt → in Bearbeitung → erledigt | abgelehnt (with a reason) | Duplikat von
 * (another report). The last three end it; a resolved report can be reopened by its reporter within the reopen period.
 */
export const REPORT_STATUSES = ['received', 'confirmed', 'in_progress', 'resolved', 'rejected', 'duplicate'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Statuses in which a report is still being worked (Open311 `open`; the others are `closed`). */
export const OPEN_REPORT_STATUSES = ['received', 'confirmed', 'in_progress'] as const satisfies readonly ReportStatus[];

/** Where a report was filed: the portal's form, an integrator over Open311, staff by hand, or from an inbox conversation. */
export const REPORT_SOURCES = ['portal', 'open311', 'staff', 'inbox'] as const;
export type ReportSource = (typeof REPORT_SOURCES)[number];

/** Who filed it: a signed-in resident, someone known only by number or address, or nobody (anonym: no status messages). */
export const REPORT_CONTACT_KINDS = ['resident', 'phone', 'email', 'anonymous'] as const;
export type ReportContactKind = (typeof REPORT_CONTACT_KINDS)[number];

/** One entry of a report's history: an internal comment, a public comment (shown on the portal), or an event. */
export const REPORT_ITEM_KINDS = ['internal', 'public', 'event'] as const;
export type ReportItemKind = (typeof REPORT_ITEM_KINDS)[number];

/** A photo is public only once staff approved it. */
export const REPORT_PHOTO_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ReportPhotoStatus = (typeof REPORT_PHOTO_STATUSES)[number];

/** Forwarding a report to a back-office Open311 endpoint: waiting (retried with backoff), accepted there, given up. */
export const REPORT_FORWARD_STATES = ['pending', 'sent', 'failed'] as const;
export type ReportForwardState = (typeof REPORT_FORWARD_STATES)[number];

/** Open311 attribute datatypes, which are also the types of a category's extra fields. */
export const REPORT_FIELD_TYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type ReportFieldType = (typeof REPORT_FIELD_TYPES)[number];

/** A survey (Umfrage): written as a draft, published (answerable between its start and end), closed (by its end or by hand). */
export const SURVEY_STATUSES = ['draft', 'published', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/** Question types of a survey. `ranking` orders all options; `rating` is a scale from min to max. */
export const SURVEY_QUESTION_KINDS = ['single', 'multiple', 'yes_no', 'rating', 'ranking', 'text'] as const;
export type SurveyQuestionKind = (typeof SURVEY_QUESTION_KINDS)[number];

/**
 * Who may answer: verified residents who follow the municipality (one voice per person, by account), or anyone with
 * the link (a non-binding poll, one answer per browser; the page says so plainly).
 */
export const SURVEY_ACCESS = ['residents', 'link'] as const;
export type SurveyAccess = (typeof SURVEY_ACCESS)[number];

/** When residents see results: live while it runs, only after the end, or never (staff only). */
export const SURVEY_RESULTS_VISIBILITY = ['live', 'after_end', 'staff'] as const;
export type SurveyResultsVisibility = (typeof SURVEY_RESULTS_VISIBILITY)[number];

/** How an answer came in: the portal's form, or an SMS reply ("1", "2", …) to a one-question poll. */
export const SURVEY_RESPONSE_CHANNELS = ['portal', 'sms'] as const;
export type SurveyResponseChannel = (typeof SURVEY_RESPONSE_CHANNELS)[number];

/** An event (Veranstaltung): a draft only staff see, published (portal, events.ics), cancelled (kept, marked). */
export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** Who organises an event: the municipality itself, or a club or other organiser named on the event. */
export const EVENT_ORGANISER_KINDS = ['municipality', 'club'] as const;
export type EventOrganiserKind = (typeof EVENT_ORGANISER_KINDS)[number];

/** An RSVP: Zusage, Absage, Vielleicht. */
export const RSVP_ANSWERS = ['yes', 'no', 'maybe'] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];

/** A "yes" holds places (confirmed) or waits for them (waitlisted, promoted in order when places free up). */
export const RSVP_STATES = ['confirmed', 'waitlisted', 'none'] as const;
export type RsvpState = (typeof RSVP_STATES)[number];

/** Where a collection date comes from: expanded from the schedule's rule, or entered or imported as a single date. */
export const WASTE_DATE_SOURCES = ['rule', 'manual', 'import'] as const;
export type WasteDateSource = (typeof WASTE_DATE_SOURCES)[number];

/** What the resident is reminded of and when: the evening before (at their time), or the morning of the day. */
export const WASTE_REMINDER_DAYS = ['day_before', 'same_day'] as const;
export type WasteReminderDay = (typeof WASTE_REMINDER_DAYS)[number];
