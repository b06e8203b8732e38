// The pieces every console form repeats: a submit that clears the last message, runs, and keeps the error for
// <Problem> and the fields; and a submit button that cannot be pressed twice while the request runs.
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useI18n } from '../i18n.tsx';
import { Success } from './Problem.tsx';

/**
 * `const form = useSubmit(); <form onSubmit={form.handle(async () => …)}>`: `busy` while it runs, `error` when it
 * failed and `done` when it went through (each until the next try; `reset` forgets both, e.g. when a local check
 * stops the form before sending).
 */
export function useSubmit() {
  const mutation = useMutation({ mutationFn: (action: () => Promise<unknown>) => action() });
  const handle = (action: () => Promise<unknown>) => (event?: FormEvent) => {
    event?.preventDefault();
    mutation.mutate(action);
  };
  return { handle, busy: mutation.isPending, error: mutation.error as unknown, done: mutation.isSuccess, reset: mutation.reset };
}

interface SubmitButtonProps {
  busy?: boolean;
  variant?: 'primary' | 'danger' | 'plain';
  className?: string;
  testId?: string;
  children: ReactNode;
}

export function SubmitButton({ busy, variant = 'primary', className, testId, children }: SubmitButtonProps) {
  const classes = [variant === 'plain' ? null : `button-${variant}`, className].filter(Boolean).join(' ') || undefined;
  return (
    <button type="submit" className={classes} disabled={busy} data-testid={testId}>
      {children}
    </button>
  );
}

/** What one section of a larger form is handed: the page's context, the whole draft, a patch of it, the errors by key. */
export interface DraftSectionProps<Ctx, D> {
  ctx: Ctx;
  draft: D;
  onChange: (next: Partial<D>) => void;
  errors: Record<string, string>;
}

/** A control made of several fields whose value its parent holds: the value, the whole new value, the errors by key. */
export interface ValueProps<V> {
  value: V;
  onChange: (next: V) => void;
  errors: Record<string, string>;
}

/** A form that edits a loaded resource: the resource as loaded, and where the saved one goes (e.g. `loaded.setData`). */
export interface LoadedFormProps<T> {
  initial: T;
  onSaved: (saved: T) => void;
}

interface SettingsSaveProps {
  /** Said once the settings went through; null before. */
  saved: string | null;
  canSave: boolean;
  busy: boolean;
  testId: string;
  /** What the settings belong to, read out after "Speichern" where a page has several such forms. */
  name?: string;
}

/** The end of a settings form: what was saved, then "Speichern" for those who may change the settings. */
export function SettingsSave({ saved, canSave, busy, testId, name }: SettingsSaveProps) {
  const { t } = useI18n();
  return (
    <>
      <Success>{saved}</Success>
      {canSave ? (
        <SubmitButton busy={busy} testId={testId}>
          {t('common.save')}
          {name === undefined ? null : <span className="visually-hidden">: {name}</span>}
        </SubmitButton>
      ) : null}
    </>
  );
}

/** The keys of a form's values that a text control edits. */
export type TextKey<V> = { [K in keyof V]: V[K] extends string ? K : never }[keyof V] & string;

/** The keys of a form's values that a checkbox edits. */
type FlagKey<V> = { [K in keyof V]: V[K] extends boolean ? K : never }[keyof V] & string;

/**
 * For a form whose values its parent holds and patches: `text(key)` gives a text control its value, its change (a
 * patch of that key) and its error; `check(key)` the same for a checkbox; `choice(key)` for a radio group, whose
 * change is the chosen value itself.
 */
export function bindPatch<V extends object>(values: V, patch: (next: Partial<V>) => void, errorOf: (key: string) => string | undefined) {
  return {
    text: (key: TextKey<V>) => ({
      value: values[key] as string,
      onChange: (e: { target: { value: string } }) => patch({ [key]: e.target.value } as Partial<V>),
      error: errorOf(key),
    }),
    check: (key: FlagKey<V>) => ({
      checked: values[key] as boolean,
      onChange: (e: { target: { checked: boolean } }) => patch({ [key]: e.target.checked } as Partial<V>),
      error: errorOf(key),
    }),
    choice: <K extends TextKey<V>>(key: K) => ({
      value: values[key],
      onChange: (value: V[K]) => patch({ [key]: value } as unknown as Partial<V>),
      error: errorOf(key),
    }),
  };
}

/** bindPatch for controls named after their key: each also gets its element id, `idOf(key)` (e.g. `event-title`). */
export function bindNamed<V extends object>(
  values: V,
  patch: (next: Partial<V>) => void,
  errorOf: (key: string) => string | undefined,
  idOf: (key: string) => string,
) {
  const bound = bindPatch(values, patch, errorOf);
  return {
    text: (key: TextKey<V>) => ({ id: idOf(key), ...bound.text(key) }),
    check: (key: FlagKey<V>) => ({ id: idOf(key), ...bound.check(key) }),
  };
}

/**
 * A form's values: `bind(key, errors)` gives a control its value, its change and the server's error for it
 * (found under `prefix` and the key, e.g. `languages.en.headline`).
 */
export function useFormValues<V extends object>(initial: V) {
  const [values, setValues] = useState<V>(initial);
  const set = (key: TextKey<V>) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }));
  const bind = (key: TextKey<V>, errors: Readonly<Record<string, string | undefined>> = {}, prefix = '') => ({
    value: values[key] as string,
    onChange: set(key),
    error: errors[prefix + key],
  });
  return { values, setValues, set, bind };
}
