// Staff sign-in, password, two-factor and password reset: the rules, without HTTP.
import type { Actor } from '../../platform/audit.ts';
import { recordAccountEvent } from '../../platform/audit.ts';
import { decryptSecret, encryptSecret, randomToken, sha256 } from '../../platform/auth/crypto.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../platform/auth/password.ts';
import { newRecoveryCodes, newTotpSecret, totpQrSvg, totpUri, verifyTotp } from '../../platform/auth/totp.ts';
import type { AppDeps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { INSTALLATION_TENANT_ID } from '../../platform/tenancy.ts';
import { asLocale, t } from '../../i18n/index.ts';
import { sendTransactional } from '../delivery/index.ts';
import * as repo from './auth.repository.ts';

export interface LoginInput {
  email: string;
  password: string;
  totp?: string;
}

const invalidCredentials = () => new AppError('invalid_credentials', 'E-mail address or password is wrong.');

export async function login(deps: AppDeps, actor: Actor, input: LoginInput) {
  const { db, config } = deps;
  const user = await repo.findUserByEmail(db, input.email);
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    await recordAccountEvent(db, actor, 'login.failed', null, input.email.toLowerCase());
    throw invalidCredentials();
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
    const minutes = Math.ceil((user.lockedUntil.getTime() - Date.now()) / 60_000);
    throw new AppError('account_locked', `Too many failed sign-ins. The account is locked for ${minutes} more minute(s).`, [], {
      retryAfterSeconds: Math.ceil((user.lockedUntil.getTime() - Date.now()) / 1000),
    });
  }
  const fail = async (err: AppError) => {
    await repo.recordFailedLogin(db, user.id, config.loginMaxFailures, config.loginLockMs);
    await recordAccountEvent(db, actor, 'login.failed', user.id, user.email);
    return err;
  };
  if (!(await verifyPassword(user.passwordHash, input.password))) throw await fail(invalidCredentials());
  if (user.totpEnabled) {
    if (!input.totp) throw new AppError('totp_required', 'Enter the 6-digit code from your authenticator app, or a recovery code.');
    if (!(await checkSecondFactor(deps, user, input.totp))) throw await fail(new AppError('totp_invalid', 'The code is wrong or expired.'));
  }
  await repo.updateUser(db, user.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() });
  await recordAccountEvent(db, actor, 'login.succeeded', user.id, user.email);
  return user;
}

async function checkSecondFactor(deps: AppDeps, user: repo.StaffUserRow, code: string): Promise<boolean> {
  if (user.totpSecret) {
    const step = verifyTotp(decryptSecret(deps.config.secretKey, user.totpSecret), code, user.totpLastStep);
    if (step !== null) {
      await repo.updateUser(deps.db, user.id, { totpLastStep: step });
      return true;
    }
  }
  const hashed = sha256(code.trim().toLowerCase());
  if (!user.recoveryCodes.includes(hashed)) return false;
  await repo.updateUser(deps.db, user.id, { recoveryCodes: user.recoveryCodes.filter((c) => c !== hashed) });
  return true;
}

export const publicUser = (u: Pick<repo.StaffUserRow, 'id' | 'email' | 'name' | 'locale' | 'totpEnabled' | 'isOperator'>) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  locale: asLocale(u.locale),
  totpEnabled: u.totpEnabled,
  /** An installation operator sees the console's installation page (municipalities, installation mails). */
  isOperator: u.isOperator,
});

export async function describeMe(deps: AppDeps, userId: string) {
  const user = await repo.findUserById(deps.db, userId);
  if (!user) throw new AppError('unauthenticated', 'Sign in first.');
  const [tenantList, networkList] = await Promise.all([repo.listTenantsOfUser(deps.db, userId), repo.listNetworksOfUser(deps.db, userId)]);
  return { user: publicUser(user), tenants: tenantList, networks: networkList };
}

export async function updateProfile(deps: AppDeps, actor: Actor, userId: string, input: { name?: string; locale?: 'de' | 'en' }) {
  await repo.updateUser(deps.db, userId, input);
  await recordAccountEvent(deps.db, actor, 'profile.updated', userId, actor.email);
  const user = await repo.findUserById(deps.db, userId);
  return { user: publicUser(user!) };
}

export async function changePassword(deps: AppDeps, actor: Actor, userId: string, sessionId: string, input: { currentPassword: string; newPassword: string }) {
  const user = await repo.findUserById(deps.db, userId);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('validation_failed', 'The current password is wrong.', [
      { pointer: '/body/currentPassword', detail: 'is wrong', code: 'wrong_password' },
    ]);
  }
  await repo.updateUser(deps.db, userId, { passwordHash: await hashPassword(input.newPassword) });
  await repo.deleteOtherSessions(deps.db, userId, sessionId);
  await recordAccountEvent(deps.db, actor, 'password.changed', userId, user.email);
}

export async function startTotpSetup(deps: AppDeps, actor: Actor, userId: string) {
  const user = await repo.findUserById(deps.db, userId);
  if (!user) throw new AppError('unauthenticated', 'Sign in first.');
  if (user.totpEnabled) throw new AppError('conflict', 'Two-factor sign-in is already on. Turn it off first to enrol a new device.');
  const secret = newTotpSecret();
  await repo.updateUser(deps.db, userId, { totpSecret: encryptSecret(deps.config.secretKey, secret) });
  const uri = totpUri(secret, user.email);
  return { secret, otpauthUri: uri, qrSvg: await totpQrSvg(uri) };
}

export async function confirmTotp(deps: AppDeps, actor: Actor, userId: string, code: string) {
  const user = await repo.findUserById(deps.db, userId);
  if (!user?.totpSecret || user.totpEnabled) throw new AppError('conflict', 'Start the two-factor setup first.');
  const step = verifyTotp(decryptSecret(deps.config.secretKey, user.totpSecret), code);
  if (step === null) {
    throw new AppError('validation_failed', 'The code does not match.', [
      { pointer: '/body/code', detail: 'does not match the code in your app; check the device clock', code: 'totp_mismatch' },
    ]);
  }
  const codes = newRecoveryCodes();
  await repo.updateUser(deps.db, userId, { totpEnabled: true, recoveryCodes: codes.hashed, totpLastStep: step });
  await recordAccountEvent(deps.db, actor, 'totp.enabled', userId, user.email);
  return { recoveryCodes: codes.plain };
}

export async function disableTotp(deps: AppDeps, actor: Actor, userId: string, input: { password: string; code: string }) {
  const user = await repo.findUserById(deps.db, userId);
  if (!user?.totpEnabled) throw new AppError('conflict', 'Two-factor sign-in is not on.');
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    throw new AppError('validation_failed', 'The password is wrong.', [{ pointer: '/body/password', detail: 'is wrong', code: 'wrong_password' }]);
  }
  if (!(await checkSecondFactor(deps, user, input.code))) {
    throw new AppError('validation_failed', 'The code is wrong.', [{ pointer: '/body/code', detail: 'is wrong or expired', code: 'code_wrong' }]);
  }
  await repo.updateUser(deps.db, userId, { totpEnabled: false, totpSecret: null, recoveryCodes: [], totpLastStep: null });
  await recordAccountEvent(deps.db, actor, 'totp.disabled', userId, user.email);
}

const RESET_TTL_MS = 60 * 60_000;

export async function requestPasswordReset(deps: AppDeps, actor: Actor, email: string) {
  const user = await repo.findUserByEmail(deps.db, email);
  await recordAccountEvent(deps.db, actor, 'password_reset.requested', user?.id ?? null, email.toLowerCase());
  if (!user) return; // same answer either way: no account enumeration
  const token = randomToken();
  const expiresAt = new Date(Date.now() + RESET_TTL_MS);
  await repo.insertPasswordReset(deps.db, user.id, sha256(token), expiresAt);
  const locale = asLocale(user.locale);
  const link = `${deps.config.publicUrl}/admin/reset-password?token=${token}`;
  // an account belongs to no single municipality: the installation sends it, and only an installation operator sees
  // the (masked) copy in the dev outbox
  await sendTransactional(deps, INSTALLATION_TENANT_ID, actor, {
    channel: 'email',
    to: user.email,
    subject: t(locale, 'mail.passwordReset.subject'),
    text: t(locale, 'mail.passwordReset.body', { email: user.email, link }),
    secrets: [token],
    expiresAt,
  });
}

export async function confirmPasswordReset(deps: AppDeps, actor: Actor, token: string, newPassword: string) {
  const userId = await repo.consumePasswordReset(deps.db, sha256(token));
  if (!userId) throw new AppError('token_invalid', 'This link is invalid, expired or already used. Ask for a new one.');
  await repo.updateUser(deps.db, userId, { passwordHash: await hashPassword(newPassword), failedLogins: 0, lockedUntil: null });
  await repo.deleteOtherSessions(deps.db, userId, null);
  await recordAccountEvent(deps.db, actor, 'password_reset.completed', userId, null);
}

export const listMyEvents = async (deps: AppDeps, userId: string) => ({
  items: (await repo.listAccountEvents(deps.db, userId)).map((e) => ({ ...e, at: e.at.toISOString() })),
});
