// Abfallkalender: what residents see for a street, and for those who may change it the collection types, the
// districts of streets, the schedules (a rule per type and district or street) and the CSV import.
import './waste.css';
import type { ReactNode } from 'react';
import { can } from '../../../../common/permissions.ts';
import type { WasteDistrict, WasteType } from '../../../../common/contracts/waste.ts';
import { tenantPath } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { TabNav, TabPanel, tabsFor } from '../../components/Tabs.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { type WasteCtx, wastePath } from './context.ts';
import type { TenantSummary } from '../../types.ts';
import type { Street } from '../geo/types.ts';
import { WasteDistricts } from './WasteDistricts.tsx';
import { WasteImport } from './WasteImport.tsx';
import { WastePreview } from './WastePreview.tsx';
import { WasteSchedules } from './WasteSchedules.tsx';
import { WasteTypes } from './WasteTypes.tsx';

const VIEWS = ['calendar', 'types', 'districts', 'schedules', 'import'] as const;
type View = (typeof VIEWS)[number];
const label: Record<View, MessageKey> = {
  calendar: 'waste.view.calendar',
  types: 'waste.view.types',
  districts: 'waste.view.districts',
  schedules: 'waste.view.schedules',
  import: 'waste.view.import',
};

export function WastePage({ tenant, sub }: { tenant: TenantSummary; sub: string | null }) {
  const { t } = useI18n();
  const canManage = can(tenant.role, 'waste.manage');
  const views = VIEWS.filter((v) => v !== 'import' || canManage);
  const view = (sub ?? 'calendar') as View;
  const types = useLoad<{ items: WasteType[] }>(wastePath(tenant.slug, '/types'));
  const districts = useLoad<{ items: WasteDistrict[] }>(wastePath(tenant.slug, '/districts'));
  const streets = useLoad<{ items: Street[] }>(tenantPath(tenant.slug, '/streets'));
  const ctx: WasteCtx = {
    slug: tenant.slug,
    canManage,
    types: types.data?.items ?? [],
    districts: districts.data?.items ?? [],
    streets: streets.data?.items ?? [],
  };
  let content: ReactNode;
  if (!(views as readonly string[]).includes(view)) content = <p className="alert alert-info">{t('waste.notFound')}</p>;
  else if (view === 'types') content = <WasteTypes ctx={ctx} />;
  else if (view === 'districts') content = <WasteDistricts ctx={ctx} />;
  else if (view === 'schedules') content = <WasteSchedules ctx={ctx} />;
  else if (view === 'import') content = <WasteImport ctx={ctx} />;
  else content = <WastePreview ctx={ctx} />;
  const tabList = tabsFor(views, 'waste-tab', (v) => ({ to: paths.waste(tenant.slug, v === 'calendar' ? undefined : v), label: t(label[v]) }));
  return (
    <Page title={t('nav.waste')}>
      <TabNav label={t('waste.tabsLabel')} current={view} tabs={tabList} />
      <Problem error={types.error ?? districts.error ?? streets.error} />
      <TabPanel headingId="waste-heading" heading={t(label[view] ?? 'waste.view.calendar')}>
        {content}
      </TabPanel>
    </Page>
  );
}
