// Staff of a municipality: members, invitations, departments.
import { z } from 'zod';
import { ROLES } from '../roles.ts';
import { itemsOf, timestamp } from './common.ts';

export const staffMember = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  departmentId: z.uuid().nullable(),
  totpEnabled: z.boolean(),
  createdAt: timestamp,
});
export type StaffMember = z.infer<typeof staffMember>;
export const staffList = itemsOf(staffMember);

export const invitation = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(ROLES),
  departmentId: z.uuid().nullable(),
  expiresAt: timestamp,
  acceptedAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type Invitation = z.infer<typeof invitation>;
export const invitationList = itemsOf(invitation);

export const department = z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable() });
export type Department = z.infer<typeof department>;
export const departmentList = itemsOf(department);
