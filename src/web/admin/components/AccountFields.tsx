// The inputs of the sign-in and account forms beside the password ones (PasswordFields.tsx): an e-mail address and a
// one-time code from an authenticator app; both required, their text handed to a setter.
import { type FixedTextFieldProps, TextField } from './Field.tsx';

/** An e-mail address; `autoComplete` says whose (`username` at sign-in, `off` for someone else's). */
export function EmailField({ autoComplete = 'email', ...props }: FixedTextFieldProps) {
  return <TextField type="email" required autoComplete={autoComplete} {...props} />;
}

/** The code of an authenticator app (or, where the form allows, a recovery code). */
export function CodeField(props: FixedTextFieldProps) {
  return <TextField autoComplete="one-time-code" required {...props} />;
}
