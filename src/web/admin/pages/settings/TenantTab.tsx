// Gemeinde: the municipality's settings form and its logo.
import { useState } from 'react';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { Checkbox, SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { bindNamed, SubmitButton, useSubmit } from '../../components/Form.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import type { Locale, Tenant } from '../../types.ts';
import { LogoSection } from './LogoSection.tsx';
import { RegistrationSection } from './RegistrationSection.tsx';
import { Pending } from '../../components/Loading.tsx';
import { Fieldset } from '../../components/Fieldset.tsx';

type TextKey =
  | 'name'
  | 'ags'
  | 'timeZone'
  | 'brandColor'
  | 'contact.email'
  | 'contact.phone'
  | 'contact.address'
  | 'contact.website'
  | 'imprint'
  | 'privacyText'
  | 'accessibilityFeedbackEmail'
  | 'smsSenderId'
  | 'emailFromName';

interface FormState {
  text: Record<TextKey, string>;
  locale: Locale;
  requireTwoFactor: boolean;
}

const HEX = /^#[0-9a-fA-F]{6}$/;
const DEFAULT_COLOR = '#1f2d3d';

function toForm(t: Tenant): FormState {
  return {
    text: {
      name: t.name,
      ags: t.ags ?? '',
      timeZone: t.timeZone,
      brandColor: t.brandColor ?? DEFAULT_COLOR,
      'contact.email': t.contact.email ?? '',
      'contact.phone': t.contact.phone ?? '',
      'contact.address': t.contact.address ?? '',
      'contact.website': t.contact.website ?? '',
      imprint: t.imprint ?? '',
      privacyText: t.privacyText ?? '',
      accessibilityFeedbackEmail: t.accessibilityFeedbackEmail ?? '',
      smsSenderId: t.smsSenderId ?? '',
      emailFromName: t.emailFromName ?? '',
    },
    locale: t.locale,
    requireTwoFactor: t.requireTwoFactor,
  };
}

function toPatch({ text, locale, requireTwoFactor }: FormState) {
  const v = (key: TextKey) => text[key].trim();
  return {
    name: v('name'),
    ags: v('ags'),
    locale,
    timeZone: v('timeZone'),
    brandColor: v('brandColor').toLowerCase(),
    contact: { email: v('contact.email'), phone: v('contact.phone'), address: v('contact.address'), website: v('contact.website') },
    imprint: v('imprint'),
    privacyText: v('privacyText'),
    accessibilityFeedbackEmail: v('accessibilityFeedbackEmail'),
    smsSenderId: v('smsSenderId'),
    emailFromName: v('emailFromName'),
    requireTwoFactor,
  };
}

export function TenantTab({ slug }: { slug: string }) {
  const tenant = useLoad<Tenant>(tenantPath(slug));
  if (tenant.error || !tenant.data) return <Pending error={tenant.error} />;
  return (
    <>
      <TenantForm initial={tenant.data} />
      <LogoSection slug={slug} initial={tenant.data} />
      <RegistrationSection slug={slug} initial={tenant.data} />
    </>
  );
}

function TenantForm({ initial }: { initial: Tenant }) {
  const { t } = useI18n();
  const { refreshMe } = useSession();
  const [form, setForm] = useState(() => toForm(initial));
  const { handle, error, busy, done } = useSubmit();
  const errors = fieldErrorMap(error);

  const field = bindNamed(
    form,
    (patch) => setForm((f) => ({ ...f, ...patch })),
    (key) => errors[key],
    (key) => `tenant-${key}`,
  );
  // a text setting's value, its change and its error
  const bound = (key: TextKey) => ({
    value: form.text[key],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, text: { ...f.text, [key]: e.target.value } })),
    error: errors[key],
  });
  const text = (key: TextKey, label: string, extra: { type?: string; hint?: string; testid?: string; autoComplete?: string } = {}) => (
    <TextField
      id={`tenant-${key.replace('.', '-')}`}
      data-testid={extra.testid}
      label={label}
      hint={extra.hint}
      type={extra.type ?? 'text'}
      autoComplete={extra.autoComplete ?? 'off'}
      {...bound(key)}
    />
  );
  const area = (key: TextKey, label: string, hint: string) => <TextArea id={`tenant-${key}`} label={label} hint={hint} {...bound(key)} />;

  const submit = handle(async () => {
    const updated = await api.patch<Tenant>(tenantPath(initial.slug), toPatch(form));
    setForm(toForm(updated));
    void refreshMe().catch(() => undefined); // name, colour and 2FA rule show in the header and menus
  });

  const color = form.text.brandColor;
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="tenant-form-heading">
      <h3 id="tenant-form-heading">{t('tenantSettings.general')}</h3>
      <Problem error={error} id="tenant-error" />
      {text('name', t('tenantSettings.name'), { testid: 'tenant-name' })}
      {text('ags', t('tenantSettings.ags'), { hint: t('tenantSettings.agsHint') })}
      <SelectField
        id="tenant-locale"
        label={t('tenantSettings.locale')}
        value={form.locale}
        onChange={(e) => setForm((f) => ({ ...f, locale: e.target.value === 'en' ? 'en' : 'de' }))}
        error={errors.locale}
      >
        <option value="de">Deutsch</option>
        <option value="en">English</option>
      </SelectField>
      {text('timeZone', t('tenantSettings.timeZone'), { hint: t('tenantSettings.timeZoneHint') })}
      <Fieldset className="color-row" legend={t('tenantSettings.brandColor')}>
        <p className="hint" id="tenant-brandColor-hint-main">
          {t('tenantSettings.brandColorHint')}
        </p>
        <div className="field field-inline">
          <label htmlFor="tenant-brand-color-picker">{t('tenantSettings.brandColorPicker')}</label>
          <input
            type="color"
            id="tenant-brand-color-picker"
            data-testid="tenant-brand-color"
            value={HEX.test(color) ? color.toLowerCase() : DEFAULT_COLOR}
            aria-describedby={errors.brandColor ? 'tenant-brandColor-error' : 'tenant-brandColor-hint-main'}
            onChange={(e) => setForm((f) => ({ ...f, text: { ...f.text, brandColor: e.target.value } }))}
          />
        </div>
        {text('brandColor', t('tenantSettings.brandColorText'), { hint: t('tenantSettings.brandColorFormat') })}
      </Fieldset>
      <Fieldset legend={t('tenantSettings.contact')}>
        {text('contact.email', t('tenantSettings.contactEmail'), { type: 'email' })}
        {text('contact.phone', t('tenantSettings.contactPhone'), { type: 'tel' })}
        {text('contact.address', t('tenantSettings.contactAddress'))}
        {text('contact.website', t('tenantSettings.contactWebsite'), { type: 'url', hint: t('tenantSettings.websiteHint') })}
      </Fieldset>
      <Fieldset legend={t('tenantSettings.sender')}>
        {text('smsSenderId', t('tenantSettings.smsSenderId'), { hint: t('tenantSettings.smsSenderIdHint'), testid: 'tenant-sms-sender-id' })}
        {text('emailFromName', t('tenantSettings.emailFromName'), { hint: t('tenantSettings.emailFromNameHint'), testid: 'tenant-email-from-name' })}
      </Fieldset>
      <Fieldset legend={t('tenantSettings.legal')}>
        {area('imprint', t('tenantSettings.imprint'), t('tenantSettings.imprintHint'))}
        {area('privacyText', t('tenantSettings.privacyText'), t('tenantSettings.privacyHint'))}
        {text('accessibilityFeedbackEmail', t('tenantSettings.accessibilityEmail'), {
          type: 'email',
          hint: t('tenantSettings.accessibilityEmailHint'),
        })}
      </Fieldset>
      <Checkbox label={t('tenantSettings.requireTwoFactor')} hint={t('tenantSettings.requireTwoFactorHint')} {...field.check('requireTwoFactor')} />
      <Success>{done ? t('tenantSettings.saved') : null}</Success>
      <SubmitButton busy={busy} testId="tenant-save">
        {t('common.save')}
      </SubmitButton>
    </form>
  );
}
