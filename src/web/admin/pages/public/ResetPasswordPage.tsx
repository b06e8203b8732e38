// Sets a new password with the token from the e-mailed link.
import { type FormEvent, type ReactNode, useState } from 'react';
import { api } from '../../api.ts';
import { SubmitButton, useSubmit } from '../../components/Form.tsx';
import { PublicLayout } from '../../components/Layout.tsx';
import { Page } from '../../components/Page.tsx';
import { NewPasswordFields, useNewPassword } from '../../components/PasswordFields.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';

export function ResetPasswordPage({ token }: { token: string }) {
  const { t } = useI18n();
  const password = useNewPassword();
  const [done, setDone] = useState(false);
  const { handle, error, busy, reset } = useSubmit();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    reset();
    if (!password.check()) return;
    handle(async () => {
      await api.post('/api/v1/auth/password-reset/confirm', { token, newPassword: password.password });
      setDone(true);
    })();
  };

  let body: ReactNode;
  if (!token) body = <p className="alert alert-error">{t('reset.noToken')}</p>;
  else if (done)
    body = (
      <p className="alert alert-success" role="status">
        {t('reset.done')}
      </p>
    );
  else
    body = (
      <form className="form narrow" onSubmit={submit} noValidate>
        <Problem error={error} id="reset-error" />
        <NewPasswordFields
          ids={['reset-password', 'reset-repeat']}
          labels={[t('reset.new'), t('reset.repeat')]}
          {...password.fields}
          describedBy={error ? 'reset-error' : undefined}
        />
        <SubmitButton busy={busy}>{t('reset.submit')}</SubmitButton>
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
