// One table for every list in the console: a caption (hidden unless asked), a header row built from the column
// definitions, one row per item, and a sentence instead of an empty table.
import { Fragment, type HTMLAttributes, type ReactNode, useId } from 'react';
import { type Href, paths } from '../routes.ts';
import { Link } from '../router.tsx';
import type { Items } from '../types.ts';
import { Loading } from './Loading.tsx';
import { Problem } from './Problem.tsx';
import type { Loaded } from './useLoad.ts';

export interface Column<T> {
  /** Unique within the table; React's key for the header and the cells. */
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Class on the header and every cell, e.g. `num` for right-aligned numbers. */
  className?: string;
  /** The cell that names the row (`<th scope="row">`), so screen readers announce it with each cell. */
  rowHeader?: boolean;
}

/** The column that names each row by a link to the item's own page (read out with every cell of the row). */
export function linkColumn<T>(key: string, header: ReactNode, testId: string, link: (row: T) => { to: Href; text: ReactNode }): Column<T> {
  return {
    key,
    header,
    rowHeader: true,
    cell: (row) => {
      const { to, text } = link(row);
      return (
        <Link to={to} data-testid={testId}>
          {text}
        </Link>
      );
    },
  };
}

/** The column that names each municipality by a link to its public portal (read out with every cell of the row). */
export function portalColumn<T extends { slug: string; name: string }>(header: ReactNode): Column<T> {
  return { key: 'name', header, rowHeader: true, cell: (m) => <a href={paths.portal(m.slug)}>{m.name}</a> };
}

/** A row's attributes; `data-*` ones (a test id, the row's id or state) for tests and styles. */
export type RowProps = HTMLAttributes<HTMLTableRowElement> & { [data: `data-${string}`]: string | number | undefined };

const byId = (row: unknown) => (row as { id: string | number }).id;

export interface DataTableProps<T> {
  caption: ReactNode;
  captionVisible?: boolean;
  /** `false` leaves a column out, e.g. actions for people who may only read. */
  columns: ReadonlyArray<Column<T> | false>;
  rows: readonly T[];
  /** Rows are keyed by their `id`; rows without one (or keyed otherwise) say how. */
  rowKey?: (row: T) => string | number;
  /** The test id of every row, for a table whose rows need nothing else (`rowProps` for more). */
  rowTestId?: string;
  rowProps?: (row: T) => RowProps;
  /** A row of its own under the item, across every column (an opened message); null for none. */
  rowDetail?: (row: T) => ReactNode;
  /** A table wider than the screen scrolls; keyboard users must reach it (WCAG 2.1.1), so it takes the focus. */
  scrollable?: boolean;
  /** Shown instead of the table when there are no rows and nothing is loading. */
  empty?: ReactNode;
  loading?: boolean;
  testId?: string;
  className?: string;
}

export function DataTable<T>(props: DataTableProps<T>) {
  const { caption, captionVisible, columns, rows, rowTestId, rowProps, rowDetail, scrollable, empty, loading, testId, className } = props;
  const rowKey = props.rowKey ?? byId;
  const captionId = useId();
  const shown = columns.filter((c): c is Column<T> => c !== false);
  if (rows.length === 0) {
    if (loading) return <Loading />;
    return empty ? <p>{empty}</p> : null;
  }
  const table = (
    <table data-testid={testId} className={className}>
      <caption id={captionId} className={captionVisible ? undefined : 'visually-hidden'}>
        {caption}
      </caption>
      <thead>
        <tr>
          {shown.map((c) => (
            <th key={c.key} scope="col" className={c.className}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const detail = rowDetail?.(row);
          return (
            <Fragment key={rowKey(row)}>
              <tr data-testid={rowTestId} {...rowProps?.(row)}>
                {shown.map((c) =>
                  c.rowHeader ? (
                    <th key={c.key} scope="row" className={c.className}>
                      {c.cell(row)}
                    </th>
                  ) : (
                    <td key={c.key} className={c.className}>
                      {c.cell(row)}
                    </td>
                  ),
                )}
              </tr>
              {detail ? (
                <tr className="row-detail">
                  <td colSpan={shown.length}>{detail}</td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
  return scrollable ? (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls, so keyboard users must reach it (WCAG 2.1.1)
    <section className="table-wrap" tabIndex={0} aria-labelledby={captionId}>
      {table}
    </section>
  ) : (
    <div className="table-wrap">{table}</div>
  );
}

/**
 * The table of a list loaded whole (useLoad of `{ items }`): the load's problem above it, "loading" until the first
 * answer, and the empty sentence only when the list loaded (a failed load says so once, not also "none").
 */
export function LoadedTable<T>({ load, empty, ...table }: Omit<DataTableProps<T>, 'rows' | 'loading'> & { load: Loaded<Items<T>> }) {
  return (
    <>
      <Problem error={load.error} />
      <DataTable {...table} rows={load.data?.items ?? []} loading={load.loading} empty={load.error ? null : empty} />
    </>
  );
}
