// All areas with population and registered residents; managers edit or remove one from here.
import { DataTable } from '../../components/DataTable.tsx';
import { editDeleteColumn } from '../../components/RowActions.tsx';
import { useI18n } from '../../i18n.tsx';
import type { Area } from './types.ts';

interface Props {
  areas: Area[];
  registered: Map<string, number>;
  canManage: boolean;
  editingId: string | null;
  onEdit: (area: Area) => void;
  onDelete: (area: Area) => void;
}

export function AreasTable({ areas, registered, canManage, editingId, onEdit, onDelete }: Props) {
  const { t } = useI18n();
  return (
    <DataTable
      caption={t('geo.areas.caption')}
      testId="areas-table"
      rows={areas}
      rowProps={(a) => ({ 'data-testid': 'area-row', 'aria-current': a.id === editingId ? 'true' : undefined })}
      columns={[
        { key: 'name', header: t('geo.areas.name'), rowHeader: true, cell: (a) => a.name },
        { key: 'population', header: t('geo.areas.population'), className: 'num', cell: (a) => a.population ?? '–' },
        { key: 'registered', header: t('geo.coverage.col.registered'), className: 'num', cell: (a) => registered.get(a.id) ?? '–' },
        canManage &&
          editDeleteColumn({
            header: t('common.actions'),
            editLabel: t('geo.areas.edit'),
            editTestId: 'area-edit',
            onEdit,
            onDelete,
            editingId,
            whileEditing: 'disable',
          }),
      ]}
    />
  );
}
