// The edit and delete buttons of a named waste item (a collection type or a district): the confirmation and the
// message after deleting name the item, and the item is deleted at its own address (`/waste/types/<id>`, …).
import { api } from '../../api.ts';
import type { Column } from '../../components/DataTable.tsx';
import { rowActionsColumn, type useEditableList } from '../../components/EditableList.tsx';
import type { I18n } from '../../i18n.tsx';
import { type WasteCtx, wastePath } from './context.ts';

export function namedRowActions<T extends { id: string; name: string }, D>(
  ctx: WasteCtx,
  list: ReturnType<typeof useEditableList<D>>,
  t: I18n['t'],
  kind: 'type' | 'district',
  draftOf: (row: T) => D,
): Column<T> {
  return rowActionsColumn(list, t('common.actions'), {
    editLabel: t('waste.edit'),
    name: (x) => x.name,
    draftOf,
    confirm: (x) => t(`waste.${kind}.deleteConfirm`, { name: x.name }),
    del: (x) => api.del(wastePath(ctx.slug, `/${kind}s/${encodeURIComponent(x.id)}`)),
    deleted: (x) => t(`waste.${kind}.deleted`, { name: x.name }),
  });
}
