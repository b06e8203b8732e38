// Shapes of the staff API (docs/API.md) as the console reads them.
import type { Role } from '../../common/roles.ts';

export type Locale = 'de' | 'en';

export interface User {
  id: string;
  email: string;
  name: string;
  locale: Locale;
  totpEnabled: boolean;
}

export interface TenantSummary {
  id: string;
  slug: string;
  name: string;
  role: Role;
  brandColor: string | null;
  requireTwoFactor: boolean;
}

export interface NetworkSummary {
  id: string;
  slug: string;
  name: string;
  kind: string;
  role: string;
}

export interface Me {
  user: User;
  csrfToken: string;
  tenants: TenantSummary[];
  networks: NetworkSummary[];
}

export interface SignInResult {
  user: User;
  csrfToken: string;
}

export interface Contact {
  email: string | null;
  phone: string | null;
  address: string | null;
  website: string | null;
}

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  ags: string | null;
  locale: Locale;
  timeZone: string;
  brandColor: string | null;
  hasLogo: boolean;
  contact: Contact;
  imprint: string | null;
  privacyText: string | null;
  accessibilityFeedbackEmail: string | null;
  requireTwoFactor: boolean;
  smsSenderId: string | null;
  emailFromName: string | null;
  allowedCountries: string[];
  codeSmsDailyBudget: number;
  updatedAt: string;
}

/** Today's use of the code SMS budget (UTC day). */
export interface CodeBudget {
  day: string;
  sent: number;
  budget: number;
  exhausted: boolean;
}

export interface StaffMember {
  userId: string;
  email: string;
  name: string;
  role: Role;
  departmentId: string | null;
  totpEnabled: boolean;
  createdAt: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  departmentId: string | null;
  expiresAt: string;
  acceptedAt: string | null;
  createdAt: string;
}

export interface Department {
  id: string;
  name: string;
  email: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorEmail: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  details: unknown;
  ip: string | null;
}

export interface OutboxItem {
  id: string;
  channel: string;
  recipient: string;
  subject: string | null;
  bodyText: string | null;
  bodyHtml: string | null;
  /** sms: parts and encoding; email: from, replyTo, headers; push: url, urgency. */
  meta: Record<string, unknown> | null;
  createdAt: string;
  installation: boolean;
}

export type Channel = 'sms' | 'email' | 'push';
export type ProviderKind = 'dev-outbox' | 'smpp' | 'sms-http' | 'smtp' | 'webpush';

export interface Provider {
  id: string;
  installation: boolean;
  channel: Channel;
  kind: ProviderKind;
  name: string;
  config: Record<string, unknown>;
  secretsSet: string[];
  weight: number;
  enabled: boolean;
  ratePerSecond: number | null;
  centsPerMessage: number;
  healthFactor: number;
  updatedAt: string;
}

export interface WeightChange {
  from: number;
  to: number;
  reason: string;
  at: string;
}

export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'expired';

export interface AcceptedSend {
  id: string;
  deliveries: Record<Channel, number>;
  skipped: { pointer: string; detail: string }[];
}

export interface MessageState {
  id: string;
  counts: Partial<Record<Channel, Record<DeliveryStatus, number>>>;
}

export interface Delivery {
  id: string;
  channel: Channel;
  status: DeliveryStatus;
  lastError: string | null;
  parts: number | null;
}

export interface AccountEvent {
  action: string;
  ip: string | null;
  userAgent: string | null;
  at: string;
}

export interface InvitationInfo {
  tenantName: string;
  tenantSlug: string;
  email: string;
  role: Role;
  existingAccount: boolean;
}

export interface Items<T> {
  items: T[];
}
