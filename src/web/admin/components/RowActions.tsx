// The buttons of a list row that can be edited in place: "Bearbeiten/Löschen" with the row's name for screen readers
// (every row's buttons would otherwise sound the same), and "Speichern/Abbrechen" inside the inline form.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n.tsx';

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
