// The name and population of an area, for a new one (after its polygon is closed) and for editing one.
import type { FormEvent, ReactNode } from 'react';
import { FieldError, TextField } from '../../components/Field.tsx';
import { useI18n } from '../../i18n.tsx';

export interface AreaFormValues {
  name: string;
  population: string;
}

interface Props {
  idPrefix: string;
  heading: string;
  values: AreaFormValues;
  onChange: (values: AreaFormValues) => void;
  errors: Record<string, string>;
  /** A problem with the outline (from the server, or a redraw not yet closed). */
  geometryError?: string;
  submitLabel: string;
  onSubmit: () => void;
  /** Further buttons after the submit button (redraw, cancel). */
  children?: ReactNode;
}

/** '' for unknown, a whole number ≥ 0, or 'invalid'. */
export function parsePopulation(text: string): number | null | 'invalid' {
  const value = text.trim();
  if (value === '') return null;
  return /^\d{1,9}$/.test(value) ? Number(value) : 'invalid';
}

export function AreaForm({ idPrefix, heading, values, onChange, errors, geometryError, submitLabel, onSubmit, children }: Props) {
  const { t } = useI18n();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className="form form-row area-form" onSubmit={submit} noValidate aria-labelledby={`${idPrefix}-heading`} data-testid={`${idPrefix}-form`}>
      <h3 id={`${idPrefix}-heading`}>{heading}</h3>
      <FieldError id={undefined}>{geometryError}</FieldError>
      <TextField
        id={`${idPrefix}-name`}
        data-testid={`${idPrefix}-name`}
        required
        label={t('geo.areas.name')}
        value={values.name}
        onChange={(e) => onChange({ ...values, name: e.target.value })}
        error={errors.name}
      />
      <TextField
        id={`${idPrefix}-population`}
        data-testid={`${idPrefix}-population`}
        inputMode="numeric"
        label={t('geo.areas.population')}
        hint={t('geo.optional')}
        value={values.population}
        onChange={(e) => onChange({ ...values, population: e.target.value })}
        error={errors.population}
      />
      <button type="submit" className="button-primary" data-testid={`${idPrefix}-save`}>
        {submitLabel}
      </button>
      {children}
    </form>
  );
}
