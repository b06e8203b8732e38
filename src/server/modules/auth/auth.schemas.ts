import { z } from 'zod';

export const email = z.email('must be an e-mail address such as name@example.org').max(254);
export const newPassword = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');

export const loginBody = z.strictObject({
  email,
  password: z.string().min(1, 'is required').max(200),
  totp: z.string().min(6).max(20).optional(),
});

export const userView = z.object({ id: z.uuid(), email: z.string(), name: z.string(), locale: z.string(), totpEnabled: z.boolean(), isOperator: z.boolean() });
export const sessionView = z.object({ user: userView, csrfToken: z.string() });

export const profileBody = z.strictObject({ name: z.string().trim().max(120).optional(), locale: z.enum(['de', 'en']).optional() });
export const passwordBody = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword });
export const codeBody = z.strictObject({ code: z.string().trim().min(6).max(20) });
export const disableTotpBody = z.strictObject({ password: z.string().min(1).max(200), code: z.string().trim().min(6).max(20) });
export const resetRequestBody = z.strictObject({ email });
export const resetConfirmBody = z.strictObject({ token: z.string().min(10).max(200), newPassword });
