// The button under a list the server hands out page by page (usePagedLoad): the next page, while there is one.
import { DataTable, type DataTableProps } from './DataTable.tsx';

interface PagedList<T> {
  items: T[];
  /** Only until the first page is there. */
  pending: boolean;
  hasMore: boolean;
  more: () => void;
  fetchingMore: boolean;
}

export function LoadMore({ list, label }: { list: Pick<PagedList<unknown>, 'hasMore' | 'more' | 'fetchingMore'>; label: string }) {
  return list.hasMore ? (
    <p>
      <button type="button" onClick={list.more} disabled={list.fetchingMore}>
        {label}
      </button>
    </p>
  ) : null;
}

/** The table of a paged list with the button for the next page under it (`more` is its label). */
export function PagedTable<T>({ list, more, ...table }: Omit<DataTableProps<T>, 'rows' | 'loading'> & { list: PagedList<T>; more: string }) {
  return (
    <>
      <DataTable {...table} rows={list.items} loading={list.pending} />
      <LoadMore list={list} label={more} />
    </>
  );
}
