// Password inputs: one for a password the person already has, and the pair for choosing a new one (typed twice,
// checked by passwordProblem before sending).
import type { ComponentProps, ReactNode } from 'react';
import { useI18n } from '../i18n.tsx';
import { TextField } from './Field.tsx';
import { MIN_PASSWORD } from './password.ts';

type PasswordFieldProps = Omit<ComponentProps<typeof TextField>, 'type' | 'onChange' | 'value' | 'onValue'> & {
  value: string;
  onValue: (value: string) => void;
};

export function PasswordField({ autoComplete = 'current-password', ...props }: PasswordFieldProps) {
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
