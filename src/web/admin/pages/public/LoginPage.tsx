// Sign-in with e-mail and password, then a one-time code when the account has two-factor sign-in.
import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../../api.ts';
import { CodeField, EmailField } from '../../components/AccountFields.tsx';
import { SubmitButton, useFormValues, useSubmit } from '../../components/Form.tsx';
import { PublicLayout } from '../../components/Layout.tsx';
import { Page } from '../../components/Page.tsx';
import { PasswordField } from '../../components/PasswordFields.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import type { SignInResult } from '../../types.ts';

export function LoginPage() {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const { values: v, bind } = useFormValues({ email: '', password: '', totp: '' });
  const [askTotp, setAskTotp] = useState(false);
  const { handle, error, busy } = useSubmit();
  const totpInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (askTotp) totpInput.current?.focus();
  }, [askTotp]);

  const submit = handle(async () => {
    const body = { email: v.email.trim(), password: v.password, ...(askTotp && v.totp.trim() ? { totp: v.totp.trim() } : {}) };
    try {
      await signedIn(await api.post<SignInResult>('/api/v1/auth/login', body));
    } catch (e) {
      // Not a failure: the account has two-factor sign-in, so the form asks for the code next.
      if (e instanceof ApiError && e.code === 'totp_required') setAskTotp(true);
      else throw e;
    }
  });

  const errorId = error ? 'login-error' : undefined;
  return (
    <PublicLayout>
      <Page title={t('login.title')}>
        <form className="form narrow" onSubmit={submit} noValidate>
          <Problem error={error} id="login-error" />
          <EmailField id="login-email" data-testid="login-email" label={t('login.email')} autoComplete="username" {...bind('email')} describedBy={errorId} />
          <PasswordField id="login-password" data-testid="login-password" label={t('login.password')} {...bind('password')} describedBy={errorId} />
          {askTotp ? (
            <>
              <p className="alert alert-info" id="login-totp-prompt">
                {t('login.totpPrompt')}
              </p>
              <CodeField
                id="login-totp"
                data-testid="login-totp"
                ref={totpInput}
                label={t('login.totp')}
                hint={t('login.totpHint')}
                {...bind('totp')}
                describedBy={errorId}
              />
            </>
          ) : null}
          <SubmitButton busy={busy} testId="login-submit">
            {t('login.submit')}
          </SubmitButton>
        </form>
        <p>
          <Link to={paths.forgot}>{t('login.forgot')}</Link>
        </p>
      </Page>
    </PublicLayout>
  );
}
