// Shapes of the residents API (docs/API.md, "Residents") as the console reads them.
// the answers of the residents API are declared once, in src/common/contracts
export type {
  AttachmentEntry,
  ConsentEntry,
  DeliveryEntry,
  GdprRequest,
  ResidentDetailData,
  ResidentPage,
  ResidentRow,
  Topic,
  TopicList,
} from '../../../../common/contracts/residents.ts';

// the channels a resident may choose: the one list the server and the database use
export { RESIDENT_CHANNELS as CHANNELS } from '../../../../common/states.ts';
