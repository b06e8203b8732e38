// Einstellungen → Meldungen: the municipality's report settings, the categories, and the Open311 keys. Everyone who
// reads reports sees the settings and categories; only managers (reports.manage) get the controls and the keys.
import { can } from '../../../../common/permissions.ts';
import { tenantPath } from '../../api.ts';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import type { Department, Items, TenantSummary } from '../../types.ts';
import { CategoriesSection } from './CategoriesSection.tsx';
import { Open311KeysSection } from './Open311KeysSection.tsx';
import { ReportsSettingsForm } from './ReportsSettingsForm.tsx';

export function ReportsSettingsTab({ tenant }: { tenant: TenantSummary }) {
  const { t } = useI18n();
  const canManage = can(tenant.role, 'reports.manage');
  const departments = useLoad<Items<Department>>(tenantPath(tenant.slug, '/departments'));
  return (
    <div data-testid="reports-settings">
      {canManage ? null : <p className="alert alert-info">{t('reportsSettings.readOnly')}</p>}
      <ReportsSettingsForm slug={tenant.slug} canManage={canManage} />
      <CategoriesSection slug={tenant.slug} departments={departments.data?.items ?? []} canManage={canManage} />
      {canManage ? <Open311KeysSection slug={tenant.slug} /> : null}
    </div>
  );
}
