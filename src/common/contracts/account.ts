// The signed-in staff member: sign-in, /me, own account events, 2FA enrolment, invitations. Shared by the server's
// response schemas and the console.
import { z } from 'zod';
import { NETWORK_KINDS, ROLES } from '../states.ts';
import { itemsOf, sluggedRef, timestamp } from './common.ts';

export const locale = z.enum(['de', 'en']);
export type Locale = z.infer<typeof locale>;

export const user = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  locale,
  totpEnabled: z.boolean(),
  /** An installation operator sees the console's installation page (municipalities, installation mails). */
  isOperator: z.boolean(),
});
export type User = z.infer<typeof user>;

export const signInResult = z.object({ user, csrfToken: z.string() });
export type SignInResult = z.infer<typeof signInResult>;

export const tenantSummary = sluggedRef.extend({
  role: z.enum(ROLES),
  brandColor: z.string().nullable(),
  requireTwoFactor: z.boolean(),
  /** The municipality's time zone: the console counts its days (figures, periods) as the server does. */
  timeZone: z.string(),
});
export type TenantSummary = z.infer<typeof tenantSummary>;

export const networkSummary = sluggedRef.extend({ kind: z.enum(NETWORK_KINDS), role: z.enum(ROLES) });
export type NetworkSummary = z.infer<typeof networkSummary>;

export const me = z.object({ user, csrfToken: z.string(), tenants: z.array(tenantSummary), networks: z.array(networkSummary) });
export type Me = z.infer<typeof me>;

export const profileResult = z.object({ user });

export const accountEvent = z.object({ action: z.string(), ip: z.string().nullable(), userAgent: z.string().nullable(), at: timestamp });
export type AccountEvent = z.infer<typeof accountEvent>;
export const accountEvents = itemsOf(accountEvent);

export const totpSetup = z.object({ secret: z.string(), otpauthUri: z.string(), qrSvg: z.string() });
export type TotpSetup = z.infer<typeof totpSetup>;
export const recoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });

export const invitationInfo = z.object({
  tenantName: z.string(),
  tenantSlug: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  existingAccount: z.boolean(),
});
export type InvitationInfo = z.infer<typeof invitationInfo>;
export const acceptedInvitation = signInResult.extend({ tenantSlug: z.string() });
export type AcceptedInvitation = z.infer<typeof acceptedInvitation>;
