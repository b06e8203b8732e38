// Change the password; the server ends the account's other sessions.
import { type FormEvent, useState } from 'react';
import { ApiError, api, fieldErrorMap } from '../../api.ts';
import { SubmitButton, useSubmit } from '../../components/Form.tsx';
import { NewPasswordFields, PasswordField, useNewPassword } from '../../components/PasswordFields.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';

export function PasswordSection() {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const next = useNewPassword();
  const [done, setDone] = useState<string | null>(null);
  const { handle, error, busy, reset } = useSubmit();
  const errors = fieldErrorMap(error);
  const wrongCurrent = error instanceof ApiError && error.code === 'invalid_credentials';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    reset();
    if (!next.check()) return;
    handle(async () => {
      await api.post('/api/v1/me/password', { currentPassword: current, newPassword: next.password });
      setCurrent('');
      next.clear();
      setDone(t('account.passwordChanged'));
    })();
  };

  return (
    <section aria-labelledby="password-heading">
      <h2 id="password-heading">{t('account.password')}</h2>
      <form className="form narrow" onSubmit={submit} noValidate>
        <Problem error={error} id="password-error" />
        <PasswordField
          id="account-current-password"
          label={t('account.currentPassword')}
          value={current}
          onValue={setCurrent}
          error={errors.currentPassword}
          describedBy={wrongCurrent ? 'password-error' : undefined}
        />
        <NewPasswordFields
          ids={['account-new-password', 'account-repeat-password']}
          labels={[t('account.newPassword'), t('account.repeatPassword')]}
          {...next.fields}
          error={errors.newPassword}
        />
        <Success>{done}</Success>
        <SubmitButton busy={busy}>{t('account.changePassword')}</SubmitButton>
      </form>
    </section>
  );
}
