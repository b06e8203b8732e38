// Asks for a password-reset link; the answer never reveals whether the address has an account.
import { useState } from 'react';
import { api } from '../../api.ts';
import { EmailField } from '../../components/AccountFields.tsx';
import { SubmitButton, useSubmit } from '../../components/Form.tsx';
import { PublicLayout } from '../../components/Layout.tsx';
import { Page } from '../../components/Page.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';

export function ForgotPasswordPage() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { handle, error, busy } = useSubmit();

  const submit = handle(async () => {
    await api.post('/api/v1/auth/password-reset', { email: email.trim() });
    setSent(true);
  });

  return (
    <PublicLayout>
      <Page title={t('forgot.title')}>
        {sent ? (
          <p className="alert alert-success" role="status">
            {t('forgot.sent')}
          </p>
        ) : (
          <form className="form narrow" onSubmit={submit} noValidate>
            <p>{t('forgot.intro')}</p>
            <Problem error={error} id="forgot-error" />
            <EmailField id="forgot-email" label={t('login.email')} value={email} onValue={setEmail} describedBy={error ? 'forgot-error' : undefined} />
            <SubmitButton busy={busy}>{t('forgot.submit')}</SubmitButton>
          </form>
        )}
        <p>
          <Link to={paths.login()}>{t('common.backToLogin')}</Link>
        </p>
      </Page>
    </PublicLayout>
  );
}
