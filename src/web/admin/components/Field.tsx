// Labelled form controls; hints and errors are tied to the control with aria-describedby.
import type { ComponentProps, ReactNode } from 'react';

export interface A11yProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Ids of other messages that describe this control, e.g. a form-level error. */
  describedBy?: string;
  children: (a11y: A11yProps) => ReactNode;
}

export function Field({ id, label, hint, error, describedBy, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const ids = [hintId, errorId, describedBy].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <Hint id={hintId}>{hint}</Hint>
      {children({ id, 'aria-describedby': ids, 'aria-invalid': error ? true : undefined })}
      <FieldError id={errorId}>{error}</FieldError>
    </div>
  );
}

/** The hint under a label; the control names it in aria-describedby. */
function Hint({ id, children }: { id: string | undefined; children: ReactNode }) {
  return children ? (
    <p className="hint" id={id}>
      {children}
    </p>
  ) : null;
}

/** A field's own error, announced when it appears and named by the control in aria-describedby. */
export function FieldError({ id, children }: { id: string | undefined; children: ReactNode }) {
  return children ? (
    <p className="field-error" id={id} role="alert">
      {children}
    </p>
  ) : null;
}

type Common = Omit<FieldProps, 'children'>;

export function TextField({ id, label, hint, error, describedBy, ...input }: Common & ComponentProps<'input'>) {
  return (
    <Field id={id} label={label} hint={hint} error={error} describedBy={describedBy}>
      {(a11y) => <input type="text" {...input} {...a11y} />}
    </Field>
  );
}

export function TextArea({ id, label, hint, error, describedBy, ...area }: Common & ComponentProps<'textarea'>) {
  return (
    <Field id={id} label={label} hint={hint} error={error} describedBy={describedBy}>
      {(a11y) => <textarea rows={6} {...area} {...a11y} />}
    </Field>
  );
}

export function SelectField({ id, label, hint, error, describedBy, children, ...select }: Common & ComponentProps<'select'>) {
  return (
    <Field id={id} label={label} hint={hint} error={error} describedBy={describedBy}>
      {(a11y) => (
        <select {...select} {...a11y}>
          {children}
        </select>
      )}
    </Field>
  );
}

export function Checkbox({ id, label, hint, error, ...input }: Common & ComponentProps<'input'>) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="field field-checkbox">
      <input type="checkbox" id={id} aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined} {...input} />
      <label htmlFor={id}>{label}</label>
      <Hint id={hintId}>{hint}</Hint>
      <FieldError id={errorId}>{error}</FieldError>
    </div>
  );
}
