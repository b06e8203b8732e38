// Two-factor sign-in: set up with an authenticator app (QR code or secret), confirm, keep recovery codes; or turn off.
import { type ReactNode, useState } from 'react';
import { api } from '../../api.ts';
import { CodeField } from '../../components/AccountFields.tsx';
import { SubmitButton, useSubmit } from '../../components/Form.tsx';
import { PasswordField } from '../../components/PasswordFields.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { useMe, useSession } from '../../session.tsx';

interface Setup {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

export function TwoFactorSection() {
  const { t } = useI18n();
  const me = useMe();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  let body: ReactNode;
  if (recoveryCodes) body = <RecoveryCodes codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} />;
  else if (me.user.totpEnabled) body = <DisableForm />;
  else body = <SetupFlow onConfirmed={setRecoveryCodes} />;

  return (
    <section aria-labelledby="totp-heading">
      <h2 id="totp-heading">{t('totp.title')}</h2>
      <p>
        <strong>{me.user.totpEnabled ? t('totp.statusOn') : t('totp.statusOff')}</strong>
      </p>
      {body}
    </section>
  );
}

function SetupFlow({ onConfirmed }: { onConfirmed: (codes: string[]) => void }) {
  const { t } = useI18n();
  const { refreshMe } = useSession();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [code, setCode] = useState('');
  const { handle, error, busy } = useSubmit();

  const start = handle(async () => setSetup(await api.post<Setup>('/api/v1/me/2fa/setup')));

  const confirm = handle(async () => {
    const { recoveryCodes } = await api.post<{ recoveryCodes: string[] }>('/api/v1/me/2fa/confirm', { code: code.trim() });
    onConfirmed(recoveryCodes); // shown before the session refresh switches this section to "on"
    await refreshMe().catch(() => undefined);
  });

  if (!setup) {
    return (
      <>
        <p>{t('totp.intro')}</p>
        <Problem error={error} />
        <button type="button" className="button-primary" data-testid="totp-setup" onClick={() => start()} disabled={busy}>
          {t('totp.setup')}
        </button>
      </>
    );
  }
  return (
    <form className="form narrow" onSubmit={confirm} noValidate>
      <ol className="steps">
        <li>
          <p>{t('totp.step1')}</p>
          <figure className="qr">
            <div role="img" aria-label={t('totp.qrAlt')} dangerouslySetInnerHTML={{ __html: setup.qrSvg }} />
            <figcaption>{t('totp.qrCaption')}</figcaption>
          </figure>
          <p>
            {t('totp.manual')}{' '}
            <code className="secret" data-testid="totp-secret">
              {setup.secret}
            </code>
          </p>
        </li>
        <li>
          <Problem error={error} id="totp-error" />
          <CodeField
            id="totp-code"
            data-testid="totp-code"
            label={t('totp.code')}
            hint={t('totp.codeHint')}
            inputMode="numeric"
            value={code}
            onValue={setCode}
            describedBy={error ? 'totp-error' : undefined}
          />
        </li>
      </ol>
      <SubmitButton busy={busy} testId="totp-confirm">
        {t('totp.confirm')}
      </SubmitButton>
    </form>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <div className="alert alert-success" role="status">
      <p>{t('totp.enabled')}</p>
      <p>{t('totp.recoveryIntro')}</p>
      <ul className="recovery-codes" data-testid="recovery-codes" aria-label={t('totp.recoveryLabel')}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <button type="button" onClick={onDone}>
        {t('totp.recoverySaved')}
      </button>
    </div>
  );
}

function DisableForm() {
  const { t } = useI18n();
  const { refreshMe } = useSession();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const { handle, error, busy } = useSubmit();

  const submit = handle(async () => {
    await api.post('/api/v1/me/2fa/disable', { password, code: code.trim() });
    await refreshMe();
  });

  const errorId = error ? 'totp-disable-error' : undefined;
  return (
    <form className="form narrow" onSubmit={submit} noValidate aria-labelledby="totp-disable-heading">
      <h3 id="totp-disable-heading">{t('totp.disableTitle')}</h3>
      <Problem error={error} id="totp-disable-error" />
      <PasswordField id="totp-disable-password" label={t('account.currentPassword')} value={password} onValue={setPassword} describedBy={errorId} />
      <CodeField id="totp-disable-code" label={t('totp.codeOrRecovery')} value={code} onValue={setCode} describedBy={errorId} />
      <SubmitButton busy={busy} variant="danger">
        {t('totp.disable')}
      </SubmitButton>
    </form>
  );
}
