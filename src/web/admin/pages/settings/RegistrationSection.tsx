// Anmeldung: who may register (countries) and how many code SMS a day may leave; today's use next to the limit.
import { type FormEvent, useState } from 'react';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { TextField } from '../../components/Field.tsx';
import { bindNamed } from '../../components/Form.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import type { CodeBudget, Tenant } from '../../types.ts';

const countriesOf = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

export function RegistrationSection({ slug, initial }: { slug: string; initial: Tenant }) {
  const { t } = useI18n();
  const usage = useLoad<CodeBudget>(tenantPath(slug, '/residents/code-budget'));
  const [form, setForm] = useState({ countries: initial.allowedCountries.join(', '), budget: String(initial.codeSmsDailyBudget) });
  const [error, setError] = useState<unknown>(null);
  const [local, setLocal] = useState<string | undefined>();
  const [saved, setSaved] = useState<string | null>(null);
  const errors = fieldErrorMap(error);
  const countryError = Object.entries(errors).find(([k]) => k.startsWith('allowedCountries'))?.[1];
  const fieldErrors: Record<string, string | undefined> = { countries: countryError, budget: local ?? errors.codeSmsDailyBudget };
  const field = bindNamed(
    form,
    (patch) => setForm((f) => ({ ...f, ...patch })),
    (key) => fieldErrors[key],
    (key) => `registration-${key}`,
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(null);
    const budget = form.budget.trim();
    const limit = Number(budget);
    setLocal(budget === '' || !Number.isInteger(limit) ? t('registration.budgetWhole') : undefined);
    if (budget === '' || !Number.isInteger(limit)) return;
    try {
      const next = await api.patch<Tenant>(tenantPath(slug), { allowedCountries: countriesOf(form.countries), codeSmsDailyBudget: limit });
      setForm((f) => ({ ...f, countries: next.allowedCountries.join(', ') }));
      setSaved(t('common.saved'));
      usage.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="registration-heading">
      <h3 id="registration-heading">{t('registration.heading')}</h3>
      <p className="hint">{t('registration.intro')}</p>
      {usage.data ? (
        <p role="status" data-testid="code-budget-usage" className={usage.data.exhausted ? 'alert alert-warning' : undefined}>
          {t(usage.data.exhausted ? 'registration.usageExhausted' : 'registration.usage', { sent: usage.data.sent, budget: usage.data.budget })}
        </p>
      ) : null}
      <Problem error={countryError || errors.codeSmsDailyBudget ? null : error} />
      <TextField
        data-testid="registration-countries"
        label={t('registration.countries')}
        hint={t('registration.countriesHint')}
        {...field.text('countries')}
        autoComplete="off"
      />
      <TextField
        data-testid="registration-budget"
        inputMode="numeric"
        label={t('registration.budget')}
        hint={t('registration.budgetHint')}
        {...field.text('budget')}
      />
      <button type="submit" className="button-primary" data-testid="registration-save">
        {t('common.save')}
      </button>
      <Success>{saved}</Success>
    </form>
  );
}
