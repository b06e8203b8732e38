import { z } from 'zod';
import { ROLES } from '../../../common/roles.ts';
import { emailSchema, newPasswordSchema } from '../auth/index.ts';

export const tenantParams = z.object({ tenant: z.string().max(64) });
export const memberParams = tenantParams.extend({ userId: z.uuid('must be a user id') });
export const idParams = tenantParams.extend({ id: z.uuid('must be an id') });
export const role = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });

export const memberPatch = z.strictObject({ role: role.optional(), departmentId: z.uuid().nullable().optional() });
export const invitationBody = z.strictObject({ email: emailSchema, role, departmentId: z.uuid().nullable().optional() });
export const acceptBody = z.strictObject({
  token: z.string().min(10).max(200),
  name: z.string().trim().max(120).optional(),
  password: z.string().min(1, 'is required').max(200),
});
export const acceptNewPassword = newPasswordSchema;
export const departmentBody = z.strictObject({
  name: z.string().trim().min(2, 'must be at least 2 characters').max(120),
  email: z
    .union([z.literal(''), emailSchema])
    .nullable()
    .optional(),
});
export const departmentPatch = departmentBody.partial();
