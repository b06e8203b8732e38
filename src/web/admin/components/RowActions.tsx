// The buttons of a list row that can be edited in place: "Bearbeiten/Löschen" with the row's name for screen readers
// (every row's buttons would otherwise sound the same), and "Speichern/Abbrechen" inside the inline form.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n.tsx';
import type { Column } from './DataTable.tsx';

interface EditDeleteProps {
  /** The row's name, read out after the button's label (a row without one, e.g. a schedule, reads the label alone). */
  name?: string;
  editLabel: ReactNode;
  onEdit: () => void;
  onDelete: () => void;
  /** While the row is being edited: `hide` leaves the edit button out, `disable` keeps it in place but off. */
  whileEditing?: 'hide' | 'disable' | null;
  editTestId?: string;
  /** While a change runs, neither button can be pressed. */
  busy?: boolean;
}

export function EditDeleteButtons({ name, editLabel, onEdit, onDelete, whileEditing = null, editTestId, busy }: EditDeleteProps) {
  const { t } = useI18n();
  const spoken = name === undefined ? null : <span className="visually-hidden">: {name}</span>;
  return (
    <>
      {whileEditing === 'hide' ? null : (
        <button type="button" className="button-small" data-testid={editTestId} onClick={onEdit} disabled={busy || whileEditing === 'disable'}>
          {editLabel}
          {spoken}
        </button>
      )}{' '}
      <button type="button" className="button-danger button-small" onClick={onDelete} disabled={busy}>
        {t('common.delete')}
        {spoken}
      </button>
    </>
  );
}

interface EditDeleteColumn<T> {
  header: string;
  editLabel: string;
  editTestId?: string;
  onEdit: (row: T) => void;
  onDelete: (row: T) => void;
  /** The row being edited, if any, and what its edit button does meanwhile. */
  editingId: string | null;
  whileEditing: 'hide' | 'disable';
}

/** The "Aktionen" column of a table whose rows are edited in place: each row's buttons, named by the row. */
export function editDeleteColumn<T extends { id: string; name: string }>(c: EditDeleteColumn<T>): Column<T> {
  return {
    key: 'actions',
    header: c.header,
    cell: (row) => (
      <EditDeleteButtons
        name={row.name}
        editLabel={c.editLabel}
        editTestId={c.editTestId}
        onEdit={() => c.onEdit(row)}
        onDelete={() => c.onDelete(row)}
        whileEditing={row.id === c.editingId ? c.whileEditing : null}
      />
    ),
  };
}

export function SaveCancelButtons({ onCancel }: { onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <>
      <button type="submit" className="button-primary button-small">
        {t('common.save')}
      </button>
      <button type="button" className="button-small" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </>
  );
}
