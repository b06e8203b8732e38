// Every job of every module, in one list: the worker registers these.
import type { JobDefinition } from './platform/jobs.ts';
import { purgeExpiredJob } from './modules/system/index.ts';

export const allJobs: JobDefinition[] = [purgeExpiredJob as unknown as JobDefinition];
