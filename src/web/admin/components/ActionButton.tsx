// A button that makes one change through a page's useAction: it cannot be pressed while any change of the page runs,
// and the page says what it did (or shows the error) as for every other change.
import type { ReactNode } from 'react';
import type { useAction } from './useAction.ts';

interface ActionButtonProps {
  action: ReturnType<typeof useAction>;
  change: () => Promise<unknown>;
  /** Said once the change went through. */
  done: string;
  className?: string;
  testId?: string;
  children: ReactNode;
}

export function ActionButton({ action, change, done, className, testId, children }: ActionButtonProps) {
  return (
    <button type="button" className={className} data-testid={testId} disabled={action.busy} onClick={() => void action.run(change, done)}>
      {children}
    </button>
  );
}
