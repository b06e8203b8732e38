// Shapes of the staff API (docs/API.md) as the console reads them. The ones the server declares as response schemas
// live in src/common/contracts and are imported from there, so the two cannot drift apart.
import type { Channel } from '../../common/contracts/delivery.ts';

export type { AccountEvent, InvitationInfo, Locale, Me, NetworkSummary, SignInResult, TenantSummary, User } from '../../common/contracts/account.ts';
export type { AuditEntry } from '../../common/contracts/audit.ts';
export type { Channel, Delivery, DeliveryStatus, MessageState, Provider, WeightChange } from '../../common/contracts/delivery.ts';
export type { ProviderKind } from '../../common/provider-kinds.ts';
export type { CodeBudget } from '../../common/contracts/residents.ts';
export type { Department, Invitation, StaffMember } from '../../common/contracts/staff.ts';
export type { Contact, Tenant } from '../../common/contracts/tenants.ts';

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
  /** It carried a code or a link, shown masked. */
  masked: boolean;
}

/** A municipality as the installation operator lists it. */
export interface Municipality {
  id: string;
  slug: string;
  name: string;
  ags: string | null;
  locale: string;
  timeZone: string;
  createdAt: string;
}

export interface AcceptedSend {
  id: string;
  deliveries: Record<Channel, number>;
  skipped: { pointer: string; detail: string }[];
}

export interface Items<T> {
  items: T[];
}
