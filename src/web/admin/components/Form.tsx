// The pieces every console form repeats: a submit that clears the last message, runs, and keeps the error for
// <Problem> and the fields; and a submit button that cannot be pressed twice while the request runs.
import { useMutation } from '@tanstack/react-query';
import type { FormEvent, ReactNode } from 'react';

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
