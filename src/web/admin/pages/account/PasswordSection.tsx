// Change the password; the server ends the account's other sessions.
import { type FormEvent, useState } from 'react';
import { ApiError, api, fieldErrorMap } from '../../api.ts';
import { TextField } from '../../components/Field.tsx';
import { MIN_PASSWORD, passwordProblem } from '../../components/password.ts';
import { Problem, Success } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';

export function PasswordSection() {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrorMap(error);
  const wrongCurrent = error instanceof ApiError && error.code === 'invalid_credentials';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    const problem = passwordProblem(next, repeat, t);
    setLocalError(problem);
    if (problem) return;
    setBusy(true);
    try {
      await api.post('/api/v1/me/password', { currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(t('account.passwordChanged'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="password-heading">
      <h2 id="password-heading">{t('account.password')}</h2>
      <form className="form narrow" onSubmit={submit} noValidate>
        <Problem error={error} id="password-error" />
        <TextField
          id="account-current-password"
          label={t('account.currentPassword')}
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={errors.currentPassword}
          describedBy={wrongCurrent ? 'password-error' : undefined}
        />
        <TextField
          id="account-new-password"
          label={t('account.newPassword')}
          hint={t('password.hint', { min: MIN_PASSWORD })}
          type="password"
          autoComplete="new-password"
          required
          value={next}
          onChange={(e) => setNext(e.target.value)}
          error={errors.newPassword}
        />
        <TextField
          id="account-repeat-password"
          label={t('account.repeatPassword')}
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
          error={localError ?? undefined}
        />
        <Success>{done}</Success>
        <button type="submit" className="button-primary" disabled={busy}>
          {t('account.changePassword')}
        </button>
      </form>
    </section>
  );
}
