// A settings list edited on its page (waste types, districts, schedules): the table, a button that opens an empty
// form under it, the same form for a row's "edit", and the outcome of the last change above the table.
import type { ReactNode } from 'react';
import { useState } from 'react';
import { useI18n } from '../i18n.tsx';
import type { Column } from './DataTable.tsx';
import { SubmitButton } from './Form.tsx';
import { Problem, Success } from './Problem.tsx';
import { EditDeleteButtons } from './RowActions.tsx';
import { useAction } from './useAction.ts';

/** The draft being edited (null: no form open) and the list's changes; a change that went through closes the form. */
export function useEditableList<D>() {
  const [draft, setDraft] = useState<D | null>(null);
  const action = useAction(() => setDraft(null));
  return {
    ...action,
    draft,
    edit: setDraft,
    close: () => setDraft(null),
    /** The form saved it itself: the list reloads and says so. */
    saved: (message: string) => void action.run(async () => undefined, message),
    /** Deletes after the person confirmed. */
    remove: (question: string, del: () => Promise<unknown>, message: string) => {
      if (window.confirm(question)) void action.run(del, message);
    },
  };
}

/** What the list's open form is handed (`draft`, `list.close`, `list.saved`). */
export interface ListFormProps<D> {
  draft: D;
  onCancel: () => void;
  /** After the server took it: the list reloads and says so. */
  onSaved: (message: string) => void;
}

interface RowActionsColumn<T, D> {
  editLabel: string;
  /** The row's name for screen readers, when the row has one. */
  name?: (row: T) => string;
  /** The draft the edit form opens with. */
  draftOf: (row: T) => D;
  /** The question before deleting, the request that deletes, and what is said when it did. */
  confirm: (row: T) => string;
  del: (row: T) => Promise<unknown>;
  deleted: (row: T) => string;
}

/** The "Aktionen" column of an editable list: edit opens the form with the row, delete asks first. */
export function rowActionsColumn<T, D>(list: ReturnType<typeof useEditableList<D>>, header: string, a: RowActionsColumn<T, D>): Column<T> {
  return {
    key: 'actions',
    header,
    cell: (row) => (
      <span className="button-row">
        <EditDeleteButtons
          name={a.name?.(row)}
          editLabel={a.editLabel}
          busy={list.busy}
          onEdit={() => list.edit(a.draftOf(row))}
          onDelete={() => list.remove(a.confirm(row), () => a.del(row), a.deleted(row))}
        />
      </span>
    ),
  };
}

interface EditableListProps {
  intro: string;
  error: unknown;
  done: string | null;
  /** The list itself (a <DataTable>). */
  table: ReactNode;
  /** The "new" button, when the person may add and no form is open. */
  add: { label: string; testId: string; onClick: () => void; disabled?: boolean } | null;
  /** The open form, if any. */
  form: ReactNode;
}

export function EditableList({ intro, error, done, table, add, form }: EditableListProps) {
  return (
    <>
      <p className="hint">{intro}</p>
      <Problem error={error} />
      <Success>{done}</Success>
      {table}
      {add ? (
        <p>
          <button type="button" onClick={add.onClick} data-testid={add.testId} disabled={add.disabled}>
            {add.label}
          </button>
        </p>
      ) : null}
      {form}
    </>
  );
}

/** The form's error (unless the form shows it elsewhere), then "Speichern" (busy while it runs) and "Abbrechen". */
export function SaveCancelRow({ error, busy, testId, onCancel }: { error?: unknown; busy: boolean; testId: string; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <>
      <Problem error={error} />
      <p className="button-row">
        <SubmitButton busy={busy} testId={testId}>
          {t('common.save')}
        </SubmitButton>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </p>
    </>
  );
}

/** A yes/no setting whose label wraps the checkbox. */
export function CheckboxLabel({ checked, onChange, children }: { checked: boolean; onChange: (checked: boolean) => void; children: ReactNode }) {
  return (
    <div className="field checkbox">
      <label>
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {children}
      </label>
    </div>
  );
}
