// A list the server hands out page by page behind a cursor (`?after=`, `?before=` or `?cursor=`), cached like useLoad
// so a change made elsewhere in the console (useAction) marks it stale too.
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../api.ts';
import { pathKey } from './useLoad.ts';

interface Paging<P> {
  /** The query parameter that carries the cursor. */
  param: 'after' | 'before' | 'cursor';
  /** The cursor of the page after this one, or null at the end. */
  next: (page: P) => string | null | undefined;
  limit: number;
}

export function usePagedLoad<I, P extends { items: I[] }>(path: string, query: URLSearchParams, paging: Paging<P>) {
  const search = new URLSearchParams(query);
  search.set('limit', String(paging.limit));
  const first = `${path}?${search}`;
  const result = useInfiniteQuery({
    queryKey: [...pathKey(first), 'pages'],
    queryFn: ({ pageParam, signal }) => {
      const page = new URLSearchParams(search);
      if (pageParam) page.set(paging.param, pageParam);
      return api.get<P>(`${path}?${page}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => paging.next(last) ?? undefined,
  });
  return {
    items: result.data?.pages.flatMap((page) => page.items) ?? [],
    error: result.error as unknown,
    loading: result.isPending || result.isFetching,
    /** Only until the first page is there (a list that stays on screen while it is fetched again). */
    pending: result.isPending,
    fetchingMore: result.isFetchingNextPage,
    /** The first page as the server sent it (totals and the like). */
    first: result.data?.pages[0],
    hasMore: result.hasNextPage,
    more: () => void result.fetchNextPage(),
  };
}
