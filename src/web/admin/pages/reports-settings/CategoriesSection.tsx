// The report categories: the list (what residents choose from, in order), and for managers the editor, deactivating
// and deleting. A category that already has reports cannot be deleted (the server answers 409): it is deactivated
// instead, which hides it from new reports and keeps the old ones readable.
import { useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useAction } from '../../components/useAction.ts';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import type { Department, Items } from '../../types.ts';
import { categoriesPath, type ReportCategory } from '../reports/types.ts';
import { CategoryEditor } from './CategoryEditor.tsx';

interface Props {
  slug: string;
  departments: Department[];
  canManage: boolean;
}

export function CategoriesSection({ slug, departments, canManage }: Props) {
  const { t } = useI18n();
  const loaded = useLoad<Items<ReportCategory>>(categoriesPath(slug));
  const [editing, setEditing] = useState<ReportCategory | 'new' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [conflict, setConflict] = useState<ReportCategory | null>(null);
  const { error, done, run, busy } = useAction();
  const categories = [...(loaded.data?.items ?? [])].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  const itemPath = (c: ReportCategory) => `${categoriesPath(slug)}/${encodeURIComponent(c.id)}`;

  const setActive = (c: ReportCategory, active: boolean) => {
    setSaved(null);
    setConflict(null);
    void run(() => api.patch(itemPath(c), { active }), t(active ? 'reportsSettings.cat.activated' : 'reportsSettings.cat.deactivated', { name: c.name }));
  };
  const remove = async (c: ReportCategory) => {
    setSaved(null);
    setConflict(null);
    if (!window.confirm(t('reportsSettings.cat.deleteConfirm', { name: c.name }))) return;
    try {
      await api.del(itemPath(c));
      await run(async () => undefined, t('reportsSettings.cat.deleted', { name: c.name }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setConflict(c);
      else await run(() => Promise.reject(e), '');
    }
  };

  const columns: Array<Column<ReportCategory> | false> = [
    {
      key: 'name',
      header: t('reportsSettings.cat.name'),
      rowHeader: true,
      cell: (c) => (
        <>
          {c.name}
          {c.groupName || c.fields.length ? (
            <>
              <br />
              <span className="hint">
                {[c.groupName, c.fields.length ? t('reportsSettings.cat.fieldCount', { count: c.fields.length }) : ''].filter(Boolean).join(' · ')}
              </span>
            </>
          ) : null}
        </>
      ),
    },
    { key: 'code', header: t('reportsSettings.cat.code'), cell: (c) => <code>{c.code}</code> },
    { key: 'department', header: t('reportsSettings.cat.department'), cell: (c) => c.departmentName ?? t('reportsSettings.cat.defaultDepartment') },
    { key: 'hours', header: t('reportsSettings.cat.hoursShort'), className: 'num', cell: (c) => c.resolutionHours },
    { key: 'open', header: t('reportsSettings.cat.openReports'), className: 'num', cell: (c) => c.openReports },
    {
      key: 'active',
      header: t('reportsSettings.cat.state'),
      cell: (c) => (
        <>
          {c.active ? t('reportsSettings.cat.isActive') : t('reportsSettings.cat.isInactive')}
          {c.forwardUrl ? (
            <>
              <br />
              <span className="hint">{t('reportsSettings.cat.forwarded')}</span>
            </>
          ) : null}
        </>
      ),
    },
    canManage && {
      key: 'actions',
      header: t('common.actions'),
      cell: (c) => (
        <span className="button-row">
          <button type="button" className="button-small" disabled={busy} onClick={() => setEditing(c)} data-testid="category-edit">
            {t('reportsSettings.cat.edit')}
            <span className="visually-hidden">: {c.name}</span>
          </button>
          <button type="button" className="button-small" disabled={busy} onClick={() => setActive(c, !c.active)} data-testid="category-toggle">
            {c.active ? t('reportsSettings.cat.deactivate') : t('reportsSettings.cat.activate')}
            <span className="visually-hidden">: {c.name}</span>
          </button>
          <button type="button" className="button-small button-danger" disabled={busy} onClick={() => void remove(c)} data-testid="category-delete">
            {t('common.delete')}
            <span className="visually-hidden">: {c.name}</span>
          </button>
        </span>
      ),
    },
  ];

  return (
    <section aria-labelledby="report-categories-heading" data-testid="report-categories">
      <h3 id="report-categories-heading">{t('reportsSettings.cat.title')}</h3>
      <p className="hint">{t('reportsSettings.cat.intro')}</p>
      <Problem error={loaded.error ?? error} />
      {conflict ? (
        <div className="alert alert-warning" role="alert" data-testid="category-delete-conflict">
          <p>{t('reportsSettings.cat.deleteConflict', { name: conflict.name })}</p>
          {conflict.active ? (
            <p>
              <button type="button" className="button-small" onClick={() => setActive(conflict, false)}>
                {t('reportsSettings.cat.deactivate')}
                <span className="visually-hidden">: {conflict.name}</span>
              </button>
            </p>
          ) : null}
        </div>
      ) : null}
      <Success>{saved ?? done}</Success>
      <DataTable
        caption={t('reportsSettings.cat.title')}
        columns={columns}
        rows={categories}
        rowProps={(c) => ({ 'data-testid': 'category-row', 'data-code': c.code })}
        scrollable
        loading={loaded.loading}
        empty={t('reportsSettings.cat.empty')}
      />
      {canManage && editing === null ? (
        <p>
          <button type="button" onClick={() => setEditing('new')} data-testid="category-new">
            {t('reportsSettings.cat.new')}
          </button>
        </p>
      ) : null}
      {canManage && editing !== null ? (
        <CategoryEditor
          key={editing === 'new' ? 'new' : editing.id}
          slug={slug}
          category={editing === 'new' ? null : editing}
          departments={departments}
          onSaved={(message) => {
            setEditing(null);
            setConflict(null);
            setSaved(message);
            loaded.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
    </section>
  );
}
