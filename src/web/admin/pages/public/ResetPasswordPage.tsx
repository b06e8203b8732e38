// Sets a new password with the token from the e-mailed link.
import { type FormEvent, type ReactNode, useState } from 'react';
import { api } from '../../api.ts';
import { TextField } from '../../components/Field.tsx';
import { PublicLayout } from '../../components/Layout.tsx';
import { Page } from '../../components/Page.tsx';
import { MIN_PASSWORD, passwordProblem } from '../../components/password.ts';
import { Problem } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';

export function ResetPasswordPage({ token }: { token: string }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const problem = passwordProblem(password, repeat, t);
    setLocalError(problem);
    if (problem) return;
    setBusy(true);
    try {
      await api.post('/api/v1/auth/password-reset/confirm', { token, newPassword: password });
      setDone(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  let body: ReactNode;
  if (!token) body = <p className="alert alert-error">{t('reset.noToken')}</p>;
  else if (done) body = <p className="alert alert-success" role="status">{t('reset.done')}</p>;
  else
    body = (
      <form className="form narrow" onSubmit={submit} noValidate>
        <Problem error={error} id="reset-error" />
        <TextField
          id="reset-password"
          label={t('reset.new')}
          hint={t('password.hint', { min: MIN_PASSWORD })}
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          describedBy={error ? 'reset-error' : undefined}
        />
        <TextField
          id="reset-repeat"
          label={t('reset.repeat')}
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
          error={localError ?? undefined}
        />
        <button type="submit" className="button-primary" disabled={busy}>
          {t('reset.submit')}
        </button>
      </form>
    );

  return (
    <PublicLayout>
      <Page title={t('reset.title')}>
        {body}
        <p>
          <Link to={paths.login()}>{t('common.backToLogin')}</Link>
        </p>
      </Page>
    </PublicLayout>
  );
}
