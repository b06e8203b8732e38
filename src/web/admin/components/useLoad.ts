// Loads one API resource for a page through the query cache (keyed by its path) and lets the page reload or patch it.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { type Dispatch, type SetStateAction, useCallback } from 'react';
import { api } from '../api.ts';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  /** True until the first answer for this path is there; a reload keeps showing the data it replaces. */
  loading: boolean;
  reload: () => void;
  setData: Dispatch<SetStateAction<T | null>>;
}

/** The cache key of an API path; every loaded resource is keyed this way so a change can invalidate it. */
export const pathKey = (path: string) => ['api', path] as const;

export function useLoad<T>(path: string | null): Loaded<T> {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: pathKey(path ?? ''),
    queryFn: ({ signal }) => api.get<T>(path as string, { signal }),
    enabled: path !== null,
    // A new filter or page keeps the old rows on screen until the new ones arrive, as before.
    placeholderData: path === null ? undefined : keepPreviousData,
  });

  const reload = useCallback(() => {
    if (path !== null) void client.invalidateQueries({ queryKey: pathKey(path) });
  }, [client, path]);

  const setData = useCallback<Dispatch<SetStateAction<T | null>>>(
    (next) => {
      if (path === null) return;
      client.setQueryData<T | null>(pathKey(path), (old) => (typeof next === 'function' ? (next as (old: T | null) => T | null)(old ?? null) : next));
    },
    [client, path],
  );

  return {
    data: path === null ? null : (query.data ?? null),
    error: query.error,
    loading: path !== null && (query.isPending || (query.isPlaceholderData && query.isFetching)),
    reload,
    setData,
  };
}
