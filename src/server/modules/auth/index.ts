// Staff accounts: sign-in with password and TOTP, sessions, password reset, own profile.
export { authRoutes } from './auth.routes.ts';
export { publicUser } from './auth.service.ts';
export { findOpenInvitation, findUserByEmail, insertUser } from './auth.repository.ts';
export { email as emailSchema, newPassword as newPasswordSchema } from './auth.schemas.ts';
