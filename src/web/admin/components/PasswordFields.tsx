// Password inputs: one for a password the person already has, and the pair for choosing a new one (typed twice,
// checked by passwordProblem before sending).
import { type ReactNode, useState } from 'react';
import { useI18n } from '../i18n.tsx';
import { type FixedTextFieldProps, TextField } from './Field.tsx';
import { MIN_PASSWORD, passwordProblem } from './password.ts';

export function PasswordField({ autoComplete = 'current-password', ...props }: FixedTextFieldProps) {
  return <TextField type="password" required autoComplete={autoComplete} {...props} />;
}

interface NewPasswordProps {
  /** Element ids of the first and the repeated input. */
  ids: readonly [string, string];
  labels: readonly [ReactNode, ReactNode];
  values: readonly [string, string];
  onValues: (password: string, repeat: string) => void;
  /** The server's objection to the new password. */
  error?: string;
  /** The local check's objection (too short, not the same twice), shown at the repeat. */
  repeatError?: string | null;
  describedBy?: string;
}

export function NewPasswordFields({ ids, labels, values, onValues, error, repeatError, describedBy }: NewPasswordProps) {
  const { t } = useI18n();
  const [password, repeat] = values;
  return (
    <>
      <PasswordField
        id={ids[0]}
        label={labels[0]}
        hint={t('password.hint', { min: MIN_PASSWORD })}
        autoComplete="new-password"
        value={password}
        onValue={(v) => onValues(v, repeat)}
        error={error}
        describedBy={describedBy}
      />
      <PasswordField
        id={ids[1]}
        label={labels[1]}
        autoComplete="new-password"
        value={repeat}
        onValue={(v) => onValues(password, v)}
        error={repeatError ?? undefined}
      />
    </>
  );
}

/**
 * The state of a NewPasswordFields pair: `fields` goes to the pair, `check()` runs the local check before sending (and
 * shows its objection at the repeat), `password` is what to send, `clear()` empties both after a change.
 */
export function useNewPassword() {
  const { t } = useI18n();
  const [values, setValues] = useState<readonly [string, string]>(['', '']);
  const [problem, setProblem] = useState<string | null>(null);
  const check = () => {
    const found = passwordProblem(values[0], values[1], t);
    setProblem(found);
    return found === null;
  };
  return {
    password: values[0],
    fields: { values, onValues: (password: string, repeat: string) => setValues([password, repeat]), repeatError: problem },
    check,
    clear: () => setValues(['', '']),
  };
}
