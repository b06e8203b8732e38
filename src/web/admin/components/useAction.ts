// One change made from a list page (add, rename, delete): clears the last message, runs it, then marks every loaded
// resource stale (so this list and any count that depends on it are fetched again) and says what happened, or keeps
// the error for <Problem> and the fields.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

interface Change {
  action: () => Promise<unknown>;
  message: string;
}

export function useAction(afterSuccess?: () => void) {
  const client = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: ({ action }: Change) => action(),
    onSuccess: async (_result, { message }) => {
      setDone(message);
      afterSuccess?.();
      await client.invalidateQueries({ queryKey: ['api'] });
    },
  });
  const run = async (action: () => Promise<unknown>, message: string): Promise<boolean> => {
    setDone(null);
    try {
      await mutation.mutateAsync({ action, message });
      return true;
    } catch {
      return false;
    }
  };
  return { error: mutation.error as unknown, done, run, busy: mutation.isPending };
}
