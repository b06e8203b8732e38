// Every job of every module, in one list: the worker registers these.
import type { JobDefinition } from './platform/jobs.ts';
import { sendBatchJob } from './modules/delivery/index.ts';
import { residentImportJob } from './modules/residents/index.ts';
import { purgeExpiredJob } from './modules/system/index.ts';

export const allJobs: JobDefinition[] = [purgeExpiredJob, sendBatchJob, residentImportJob] as unknown as JobDefinition[];
