import { z } from 'zod';
import { messageCreateInput, templateInput, templateUpdateInput } from '../../../common/contracts/messages.ts';
import { ROLES } from '../../../common/roles.ts';
import { warningInput } from '../../../common/contracts/warnings.ts';
import { NETWORK_KINDS } from '../../../common/states.ts';
import { slugSchema } from '../tenants/index.ts';

export const networkParams = z.object({ network: z.string().max(64) });
export const templateParams = networkParams.extend({ id: z.uuid('must be an id') });
export const memberParams = networkParams.extend({ member: z.string().max(64) });

export { templateInput, templateUpdateInput };

/** Member municipalities by slug; none given: every member. */
const chosenMembers = z
  .array(slugSchema)
  .min(1, 'choose at least one municipality or leave the list out for all')
  .max(5000)
  .refine((list) => new Set(list).size === list.length, 'names a municipality twice')
  .optional();

/** POST /networks/:network/messages: one message for each chosen member's residents (everyone who follows it). */
export const networkMessageInput = messageCreateInput
  .pick({ title: true, body: true, topic: true, channels: true, translations: true, urgent: true })
  .extend({ tenants: chosenMembers });
export type NetworkMessageInput = z.infer<typeof networkMessageInput>;

/** POST /networks/:network/warnings: a warning for each chosen member's whole area (everyone who follows it). */
export const networkWarningInput = warningInput.omit({ area: true }).extend({ tenants: chosenMembers });
export type NetworkWarningInput = z.infer<typeof networkWarningInput>;

export const createNetworkInput = z.strictObject({
  slug: slugSchema,
  name: z.string().trim().min(2, 'must be at least 2 characters').max(200),
  kind: z.enum(NETWORK_KINDS),
});
export const memberInput = z.strictObject({ tenant: slugSchema });
export const networkStaffInput = z.strictObject({
  email: z.string().trim().min(3).max(254),
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
});
export const networkStaffResult = z.object({ networkId: z.uuid(), userId: z.uuid(), role: z.enum(ROLES) });
