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

/** `onValue` hands the new text straight to a setter, for a control that needs nothing else of the change event. */
interface OnValue {
  onValue?: (value: string) => void;
}

const changeTo = (onValue: OnValue['onValue']) => (onValue ? { onChange: (e: { target: { value: string } }) => onValue(e.target.value) } : {});

export function TextField({ id, label, hint, error, describedBy, onValue, ...input }: Common & ComponentProps<'input'> & OnValue) {
  return (
    <Field id={id} label={label} hint={hint} error={error} describedBy={describedBy}>
      {(a11y) => <input type="text" {...input} {...changeTo(onValue)} {...a11y} />}
    </Field>
  );
}

/** A TextField whose kind the wrapper decides: its text, with its change as the text (`onValue`) or as the event
 * (`onChange`, e.g. from useFormValues' bind). */
export type FixedTextFieldProps = Omit<ComponentProps<typeof TextField>, 'type' | 'value'> & { value: string };

export function TextArea({ id, label, hint, error, describedBy, onValue, ...area }: Common & ComponentProps<'textarea'> & OnValue) {
  return (
    <Field id={id} label={label} hint={hint} error={error} describedBy={describedBy}>
      {(a11y) => <textarea rows={6} {...area} {...changeTo(onValue)} {...a11y} />}
    </Field>
  );
}

export function SelectField({ id, label, hint, error, describedBy, children, onValue, ...select }: Common & ComponentProps<'select'> & OnValue) {
  return (
    <Field id={id} label={label} hint={hint} error={error} describedBy={describedBy}>
      {(a11y) => (
        <select {...select} {...changeTo(onValue)} {...a11y}>
          {children}
        </select>
      )}
    </Field>
  );
}

/** `onChecked` hands the new state straight to a setter. */
export function Checkbox({ id, label, hint, error, onChecked, ...input }: Common & ComponentProps<'input'> & { onChecked?: (checked: boolean) => void }) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const change = onChecked ? { onChange: (e: { target: { checked: boolean } }) => onChecked(e.target.checked) } : {};
  return (
    <div className="field field-checkbox">
      <input type="checkbox" id={id} aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined} {...input} {...change} />
      <label htmlFor={id}>{label}</label>
      <Hint id={hintId}>{hint}</Hint>
      <FieldError id={errorId}>{error}</FieldError>
    </div>
  );
}
