// The button under a list the server hands out page by page (usePagedLoad): the next page, while there is one.
export function LoadMore({ list, label }: { list: { hasMore: boolean; more: () => void; fetchingMore: boolean }; label: string }) {
  return list.hasMore ? (
    <p>
      <button type="button" onClick={list.more} disabled={list.fetchingMore}>
        {label}
      </button>
    </p>
  ) : null;
}
