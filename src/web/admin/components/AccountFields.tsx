// The inputs of the sign-in and account forms beside the password ones (PasswordFields.tsx): an e-mail address and a
// one-time code from an authenticator app; both required, their text handed to a setter.
import type { ComponentProps } from 'react';
import { TextField } from './Field.tsx';

/** Its text, with its change as the text (`onValue`) or as the event (`onChange`, e.g. from useFormValues' bind). */
type AccountFieldProps = Omit<ComponentProps<typeof TextField>, 'type' | 'value'> & { value: string };

/** An e-mail address; `autoComplete` says whose (`username` at sign-in, `off` for someone else's). */
export function EmailField({ autoComplete = 'email', ...props }: AccountFieldProps) {
  return <TextField type="email" required autoComplete={autoComplete} {...props} />;
}

/** The code of an authenticator app (or, where the form allows, a recovery code). */
export function CodeField(props: AccountFieldProps) {
  return <TextField autoComplete="one-time-code" required {...props} />;
}
