// Shapes of the residents API (docs/API.md, "Residents") as the console reads them.
// the answers of the residents API are declared once, in src/common/contracts
export type { AttachmentEntry, ConsentEntry, DeliveryEntry, GdprRequest, ResidentDetailData, ResidentPage, ResidentRow, Topic, TopicList } from '../../../../common/contracts/residents.ts';

export const CHANNELS = ['sms', 'email', 'push', 'voice'] as const;

