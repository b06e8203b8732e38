// Every job of every module, in one list: the worker registers these.
import type { JobDefinition } from './platform/jobs.ts';
import { imapPollJob, sendBatchJob, urgentBatchJob } from './modules/delivery/index.ts';
import { inboxDeadlinesJob, inboxRetentionJob, threadInboundJob } from './modules/inbox/index.ts';
import { eventRemindersJob } from './modules/events/index.ts';
import { scheduledSendJob } from './modules/messages/index.ts';
import { forwardPollJob, forwardReportsJob, reportDeadlinesJob } from './modules/reports/index.ts';
import { residentImportJob } from './modules/residents/index.ts';
import { closeDueSurveysJob } from './modules/surveys/index.ts';
import { purgeExpiredJob } from './modules/system/index.ts';
import { capPollDueJob, capPollJob } from './modules/warnings/index.ts';
import { wasteRemindersJob } from './modules/waste/index.ts';

export const allJobs: JobDefinition[] = [
  purgeExpiredJob,
  sendBatchJob,
  urgentBatchJob,
  residentImportJob,
  scheduledSendJob,
  capPollDueJob,
  capPollJob,
  threadInboundJob,
  inboxRetentionJob,
  inboxDeadlinesJob,
  reportDeadlinesJob,
  closeDueSurveysJob,
  imapPollJob,
  forwardReportsJob,
  forwardPollJob,
  wasteRemindersJob,
  eventRemindersJob,
] as unknown as JobDefinition[];
