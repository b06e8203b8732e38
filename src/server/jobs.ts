// Every job of every module, in one list: the worker registers these.
import type { JobDefinition } from './platform/jobs.ts';
import { imapPollJob, sendBatchJob, urgentBatchJob, urgentOnlyBatchJob } from './modules/delivery/index.ts';
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

/** Which jobs a worker takes: all of them, only the urgent lane (warnings, codes), or all but the urgent lane. */
export const LANES = ['all', 'urgent', 'bulk'] as const;
export type Lanes = (typeof LANES)[number];

/**
 * The jobs of a worker that works `lanes`. Split, a campaign's garbage and event loop are in another process than the
 * warnings (`civicast worker --lanes urgent` beside `--lanes bulk`), and the bulk worker may bound its heap without
 * making a warning wait for its collections (bin/worker-heap.mjs).
 */
export function jobsOfLanes(lanes: Lanes): JobDefinition[] {
  const urgent = urgentBatchJob as unknown as JobDefinition;
  if (lanes === 'urgent') return [urgentOnlyBatchJob as unknown as JobDefinition];
  if (lanes === 'bulk') return allJobs.filter((j) => j !== urgent);
  return allJobs;
}
