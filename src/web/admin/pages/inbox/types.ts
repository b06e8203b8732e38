// Shapes of the inbox API as the console reads them: imported from the shared contracts so they cannot drift apart.
import type { z } from 'zod';
import type { presence, staffNotification, staffNotificationList } from '../../../../common/contracts/inbox.ts';

export type {
  CannedResponse,
  ConversationDetail,
  ConversationItem,
  ConversationSummary,
  InboxCounts,
  InboxEvent,
  ReplyInput,
} from '../../../../common/contracts/inbox.ts';
export type Presence = z.infer<typeof presence>;
export type Viewer = Presence['viewers'][number];
export type StaffNotification = z.infer<typeof staffNotification>;
export type StaffNotificationList = z.infer<typeof staffNotificationList>;

export interface ConversationPage {
  items: import('../../../../common/contracts/inbox.ts').ConversationSummary[];
  next: string | null;
  total: number;
}

/** What every part of the Posteingang needs to know about where it is. */
export interface InboxContext {
  slug: string;
  tenantName: string;
  userId: string;
  userName: string;
  canRead: boolean;
  canWork: boolean;
}
