// `civicast worker --lanes`: which jobs a worker takes. The urgent lane (warnings, codes) and the bulk lane (everything
// else) can run in processes of their own, so that a campaign's work and garbage never sit in a warning's process.
import { describe, expect, it } from 'vitest';
import { allJobs, jobsOfLanes } from '../src/server/jobs.ts';
import { sendBatchJob, urgentBatchJob } from '../src/server/modules/delivery/index.ts';

const names = (lanes: Parameters<typeof jobsOfLanes>[0]) => jobsOfLanes(lanes).map((j) => j.name);

describe('worker lanes', () => {
  it('all: every job', () => {
    expect(names('all')).toEqual(allJobs.map((j) => j.name));
  });

  it('urgent: the urgent batches only, with more slots than where the process has other work', () => {
    expect(names('urgent')).toEqual([urgentBatchJob.name]);
    const [urgent] = jobsOfLanes('urgent');
    const [inAll] = jobsOfLanes('all').filter((j) => j.name === urgentBatchJob.name);
    expect(urgent.localConcurrency).toBeGreaterThan(inAll.localConcurrency ?? 1);
  });

  it('bulk: every job but the urgent batches, the bulk batches among them', () => {
    expect(names('bulk')).toContain(sendBatchJob.name);
    expect(names('bulk')).not.toContain(urgentBatchJob.name);
    expect(names('bulk')).toHaveLength(allJobs.length - 1);
  });
});
