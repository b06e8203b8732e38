// The console's one cache of server state. Requests still go through api.ts (cookies, CSRF header, problem+json).
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api.ts';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 403 or 404 will not change by asking again; only a lost connection is worth one more try.
        retry: (failures, error) => error instanceof ApiError && error.status === 0 && failures < 1,
        // Lists change through this console's own actions, which invalidate them; no refetch on every focus.
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}
