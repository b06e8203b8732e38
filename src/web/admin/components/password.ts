// Client-side checks for a new password typed twice (the server checks again).
import type { I18n } from '../i18n.tsx';

export const MIN_PASSWORD = 10;

export function passwordProblem(password: string, repeat: string, t: I18n['t']): string | null {
  if (password.length < MIN_PASSWORD) return t('password.tooShort', { min: MIN_PASSWORD });
  if (password !== repeat) return t('password.mismatch');
  return null;
}
