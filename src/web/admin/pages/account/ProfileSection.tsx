// Name and language of the signed-in account.
import { useState } from 'react';
import { api, fieldErrorMap } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { SubmitButton, useSubmit } from '../../components/Form.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { isLocale, useI18n } from '../../i18n.tsx';
import { useMe, useSession } from '../../session.tsx';
import type { Locale, User } from '../../types.ts';

export function ProfileSection() {
  const { t, setLocale } = useI18n();
  const me = useMe();
  const { updateUser } = useSession();
  const [name, setName] = useState(me.user.name);
  const [locale, setLocaleField] = useState<Locale>(me.user.locale);
  const { handle, error, busy, done: saved } = useSubmit();
  const errors = fieldErrorMap(error);

  const submit = handle(async () => {
    const { user } = await api.patch<{ user: User }>('/api/v1/me', { name: name.trim(), locale });
    updateUser(user);
    setLocale(user.locale);
  });

  return (
    <section aria-labelledby="profile-heading">
      <h2 id="profile-heading">{t('account.profile')}</h2>
      <form className="form narrow" onSubmit={submit} noValidate>
        <Problem error={error} />
        <TextField id="account-name" label={t('account.name')} autoComplete="name" value={name} onValue={setName} error={errors.name} />
        <SelectField
          id="account-locale"
          label={t('account.language')}
          value={locale}
          onChange={(e) => isLocale(e.target.value) && setLocaleField(e.target.value)}
          error={errors.locale}
        >
          <option value="de" lang="de">
            Deutsch
          </option>
          <option value="en" lang="en">
            English
          </option>
        </SelectField>
        <Success>{saved ? t('common.saved') : null}</Success>
        <SubmitButton busy={busy}>{t('common.save')}</SubmitButton>
      </form>
    </section>
  );
}
