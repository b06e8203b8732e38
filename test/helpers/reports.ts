// Reports test set-up: a report category as the service takes it, with nothing set but what a test names (no
// department, no deadlines beyond the usual 40 hours, no fields, no forwarding), and a photo row written straight in.
import type { z } from 'zod';
import { type reportCategoryInput, reportCategoryDefaults } from '../../src/common/contracts/reports.ts';

export type CategoryInput = z.output<typeof reportCategoryInput>;

/** A category coded `code` and named `name`; `over` sets the rest. */
export const categoryInput = (code: string, name: string, over: Partial<CategoryInput> = {}): CategoryInput => ({
  code,
  name,
  ...reportCategoryDefaults,
  ...over,
});

/** A one-byte "photo" of report `reportId`, as a row to insert into report_photos (pending unless a test says so). */
export const tinyPhotoRow = (tenantId: string, reportId: string) => ({
  tenantId,
  reportId,
  contentType: 'image/jpeg',
  width: 1,
  height: 1,
  size: 1,
  data: Buffer.from('x'),
  thumb: Buffer.from('x'),
});

/** A category field that asks the reporter to choose one of these values (key → the name shown). */
export const choiceField = (code: string, label: string, required: boolean, values: Record<string, string>) => ({
  code,
  datatype: 'singlevaluelist' as const,
  label,
  required,
  values: Object.entries(values).map(([key, name]) => ({ key, name })),
});
