// All areas with population and registered residents; managers edit or remove one from here.
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
    <div className="table-wrap">
      <table data-testid="areas-table">
        <caption className="visually-hidden">{t('geo.areas.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('geo.areas.name')}</th>
            <th scope="col" className="num">
              {t('geo.areas.population')}
            </th>
            <th scope="col" className="num">
              {t('geo.coverage.col.registered')}
            </th>
            {canManage ? <th scope="col">{t('common.actions')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {areas.map((a) => (
            <tr key={a.id} data-testid="area-row" aria-current={a.id === editingId ? 'true' : undefined}>
              <th scope="row">{a.name}</th>
              <td className="num">{a.population ?? '–'}</td>
              <td className="num">{registered.get(a.id) ?? '–'}</td>
              {canManage ? (
                <td>
                  <button type="button" className="button-small" data-testid="area-edit" onClick={() => onEdit(a)} disabled={a.id === editingId}>
                    {t('geo.areas.edit')}
                    <span className="visually-hidden">: {a.name}</span>
                  </button>{' '}
                  <button type="button" className="button-danger button-small" onClick={() => onDelete(a)}>
                    {t('common.delete')}
                    <span className="visually-hidden">: {a.name}</span>
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
