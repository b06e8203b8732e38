// The audit log, newest first, paged by id.
import { z } from 'zod';
import { timestamp } from './common.ts';

export const auditEntry = z.object({
  id: z.number().int(),
  at: timestamp,
  actorEmail: z.string().nullable(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;
export const auditPage = z.object({ items: z.array(auditEntry), nextBefore: z.number().int().nullable() });
export type AuditPage = z.infer<typeof auditPage>;
