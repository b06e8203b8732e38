// Joins a municipality from an invitation link: new staff choose a name and password, existing ones confirm theirs.
import { type ReactNode, useState } from 'react';
import { ApiError, api, fieldErrorMap } from '../../api.ts';
import { TextField } from '../../components/Field.tsx';
import { SubmitButton, useSubmit } from '../../components/Form.tsx';
import { PublicLayout } from '../../components/Layout.tsx';
import { Page } from '../../components/Page.tsx';
import { MIN_PASSWORD } from '../../components/password.ts';
import { PasswordField } from '../../components/PasswordFields.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link, navigate } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import type { InvitationInfo, SignInResult } from '../../types.ts';
import { Loading } from '../../components/Loading.tsx';

export function AcceptInvitationPage({ token }: { token: string }) {
  const { t } = useI18n();
  const invitation = useLoad<InvitationInfo>(token ? `/api/v1/invitations/${encodeURIComponent(token)}` : null);

  let body: ReactNode;
  if (!token || (invitation.error instanceof ApiError && invitation.error.status === 404)) {
    body = <p className="alert alert-error">{t('accept.invalid')}</p>;
  } else if (invitation.error) {
    body = <Problem error={invitation.error} />;
  } else if (!invitation.data) {
    body = <Loading />;
  } else {
    body = <AcceptForm token={token} invitation={invitation.data} />;
  }

  return (
    <PublicLayout>
      <Page title={t('accept.title')}>{body}</Page>
    </PublicLayout>
  );
}

function AcceptForm({ token, invitation }: { token: string; invitation: InvitationInfo }) {
  const { t, tOr } = useI18n();
  const { signedIn } = useSession();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const { handle, error, busy } = useSubmit();
  const existing = invitation.existingAccount;
  const fields = fieldErrorMap(error);

  const submit = handle(async () => {
    const body = existing ? { token, password } : { token, name: name.trim(), password };
    await signedIn(await api.post<SignInResult>('/api/v1/invitations/accept', body));
    navigate(paths.tenant(invitation.tenantSlug));
  });

  return (
    <>
      <p>
        {t('accept.intro', {
          tenant: invitation.tenantName,
          role: tOr(`role.${invitation.role}`, invitation.role),
        })}
      </p>
      <dl className="facts">
        <dt>{t('accept.tenant')}</dt>
        <dd>{invitation.tenantName}</dd>
        <dt>{t('accept.role')}</dt>
        <dd>{tOr(`role.${invitation.role}`, invitation.role)}</dd>
        <dt>{t('login.email')}</dt>
        <dd>{invitation.email}</dd>
      </dl>
      <form className="form narrow" onSubmit={submit} noValidate>
        <Problem error={error} id="accept-error" />
        {existing ? (
          <p>{t('accept.existingAccount')}</p>
        ) : (
          <TextField
            id="accept-name"
            data-testid="accept-name"
            label={t('accept.name')}
            autoComplete="name"
            required
            value={name}
            onValue={setName}
            error={fields.name}
          />
        )}
        <PasswordField
          id="accept-password"
          data-testid="accept-password"
          label={existing ? t('accept.currentPassword') : t('accept.newPassword')}
          hint={existing ? undefined : t('password.hint', { min: MIN_PASSWORD })}
          autoComplete={existing ? 'current-password' : 'new-password'}
          value={password}
          onValue={setPassword}
          error={fields.password}
          describedBy={error ? 'accept-error' : undefined}
        />
        <SubmitButton busy={busy} testId="accept-submit">
          {t('accept.submit')}
        </SubmitButton>
      </form>
      <p>
        <Link to={paths.login()}>{t('common.backToLogin')}</Link>
      </p>
    </>
  );
}
