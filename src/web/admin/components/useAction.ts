// One change made from a list page (add, rename, delete): clears the last message, runs it, then reloads the list and
// says what happened, or keeps the error for <Problem> and the fields.
import { useState } from 'react';

export function useAction(afterSuccess: () => void) {
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>, message: string): Promise<boolean> => {
    setError(null);
    setDone(null);
    try {
      await action();
      setDone(message);
      afterSuccess();
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };
  return { error, done, run };
}
