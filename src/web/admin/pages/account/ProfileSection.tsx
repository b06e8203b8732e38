// Name and language of the signed-in account.
import { type FormEvent, useState } from 'react';
import { api, fieldErrorMap } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
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
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrorMap(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const { user } = await api.patch<{ user: User }>('/api/v1/me', { name: name.trim(), locale });
      updateUser(user);
      setLocale(user.locale);
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="profile-heading">
      <h2 id="profile-heading">{t('account.profile')}</h2>
      <form className="form narrow" onSubmit={submit} noValidate>
        <Problem error={error} />
        <TextField id="account-name" label={t('account.name')} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
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
        <button type="submit" className="button-primary" disabled={busy}>
          {t('common.save')}
        </button>
      </form>
    </section>
  );
}
