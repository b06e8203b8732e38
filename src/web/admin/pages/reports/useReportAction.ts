// A change to one report: the staff API answers the updated report, which replaces the cached one at once (the
// page shows the new state without waiting); then, as every console change, all loaded resources are marked stale.
import { useQueryClient } from '@tanstack/react-query';
import { useAction } from '../../components/useAction.ts';
import { pathKey } from '../../components/useLoad.ts';

export function useReportAction(path: string, afterSuccess?: () => void) {
  const client = useQueryClient();
  const action = useAction(afterSuccess);
  const run = (call: () => Promise<unknown>, message: string) =>
    action.run(async () => {
      const answer = await call();
      if (answer && typeof answer === 'object' && 'id' in answer && 'items' in answer) client.setQueryData(pathKey(path), answer);
    }, message);
  return { ...action, run };
}
