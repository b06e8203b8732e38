// Shapes of the messages API (src/common/contracts/messages.ts) as the console reads them, and what every messages
// view gets from MessagesPage.
import type { Topic } from '../../../../common/contracts/residents.ts';

export type {
  CampaignChannel,
  CampaignStatus,
  FollowUpResult,
  MessageCreateInput,
  MessageDetail,
  MessageLanguage,
  MessagePage,
  MessagePreview,
  MessageRow,
  MessageSettings,
  MessageTemplate,
  MessageVersion,
  VersionInput,
} from '../../../../common/contracts/messages.ts';
export { CAMPAIGN_CHANNELS, CAMPAIGN_STATUSES, MESSAGE_LANGUAGES } from '../../../../common/contracts/messages.ts';

export interface MessagesContext {
  slug: string;
  tenantName: string;
  topics: Topic[];
  /** messages.write: compose, edit, submit, send. */
  canWrite: boolean;
}
