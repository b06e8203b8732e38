// Einwohner:innen: the list with exact search, one resident's page, manual entry, GDPR requests and topics.
import { lazy, type ReactNode, Suspense } from 'react';
import type { Role } from '../../../../common/roles.ts';
import { tenantPath } from '../../api.ts';
import { Page } from '../../components/Page.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import type { TenantSummary } from '../../types.ts';
import { CoverageView } from '../geo/CoverageView.tsx';
import { ResidentImportView } from '../geo/ResidentImportView.tsx';
import { StreetsView } from '../geo/StreetsView.tsx';
import { GdprRequests } from './GdprRequests.tsx';
import { ResidentAddForm } from './ResidentAddForm.tsx';
import { ResidentDetail } from './ResidentDetail.tsx';
import { ResidentList } from './ResidentList.tsx';
import { TopicsEditor } from './TopicsEditor.tsx';
import type { Topic, TopicList } from './types.ts';

const READERS: readonly Role[] = ['owner', 'admin', 'editor', 'approver', 'agent'];
const WRITERS: readonly Role[] = ['owner', 'admin', 'agent'];
const MANAGERS: readonly Role[] = ['owner', 'admin'];

// the map page bundles Leaflet, so it loads only when opened
const AreasView = lazy(() => import('../geo/AreasView.tsx'));

type View = 'list' | 'add' | 'gdpr' | 'topics' | 'streets' | 'areas' | 'coverage' | 'import';
const VIEWS: View[] = ['list', 'add', 'gdpr', 'topics', 'streets', 'areas', 'coverage', 'import'];
const viewLabel: Record<View, MessageKey> = {
  list: 'residents.tab.list',
  add: 'residents.tab.add',
  gdpr: 'residents.tab.gdpr',
  topics: 'residents.tab.topics',
  streets: 'residents.tab.streets',
  areas: 'residents.tab.areas',
  coverage: 'residents.tab.coverage',
  import: 'residents.tab.import',
};

export interface ResidentsContext {
  slug: string;
  topics: Topic[];
  canWrite: boolean;
  canManage: boolean;
}

export function topicName(topics: Topic[], key: string, locale: string) {
  const topic = topics.find((x) => x.key === key);
  return topic ? (locale === 'en' ? topic.nameEn : topic.nameDe) : key;
}

export function ResidentsPage({ tenant, sub }: { tenant: TenantSummary; sub: string | null }) {
  const { t } = useI18n();
  const topics = useLoad<TopicList>(tenantPath(tenant.slug, '/topics'));
  const ctx: ResidentsContext = { slug: tenant.slug, topics: topics.data?.items ?? [], canWrite: WRITERS.includes(tenant.role), canManage: MANAGERS.includes(tenant.role) };
  if (!READERS.includes(tenant.role)) {
    return (
      <Page title={t('residents.title')}>
        <p className="alert alert-info">{t('residents.noAccess')}</p>
      </Page>
    );
  }
  const isView = (s: string | null): s is View => s !== null && (VIEWS as string[]).includes(s);
  const current: View | null = sub === null ? 'list' : isView(sub) ? sub : null;
  const views = VIEWS.filter((v) => (v === 'add' || v === 'gdpr' ? ctx.canWrite : v === 'import' ? ctx.canManage : true));

  let content: ReactNode;
  if (current === null) content = <ResidentDetail ctx={ctx} id={sub ?? ''} />;
  else if (current === 'add') content = ctx.canWrite ? <ResidentAddForm ctx={ctx} /> : <p className="alert alert-info">{t('residents.writersOnly')}</p>;
  else if (current === 'gdpr') content = ctx.canWrite ? <GdprRequests ctx={ctx} /> : <p className="alert alert-info">{t('residents.writersOnly')}</p>;
  else if (current === 'topics') content = <TopicsEditor ctx={ctx} topics={topics} />;
  else if (current === 'streets') content = <StreetsView ctx={ctx} />;
  else if (current === 'areas')
    content = (
      <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
        <AreasView ctx={ctx} />
      </Suspense>
    );
  else if (current === 'coverage') content = <CoverageView ctx={ctx} />;
  else if (current === 'import') content = ctx.canManage ? <ResidentImportView ctx={ctx} /> : <p className="alert alert-info">{t('settings.managersOnly')}</p>;
  else content = <ResidentList ctx={ctx} />;

  return (
    <Page title={t('residents.title')}>
      <nav className="tabs" aria-label={t('residents.tabsLabel')}>
        <ul>
          {views.map((v) => (
            <li key={v}>
              <Link to={paths.residents(tenant.slug, v === 'list' ? undefined : v)} data-testid={`residents-tab-${v}`} aria-current={v === current ? 'page' : undefined}>
                {t(viewLabel[v])}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="residents-heading" className="tab-panel">
        <h2 id="residents-heading">{current ? t(viewLabel[current]) : t('residents.detail.title')}</h2>
        {content}
      </section>
    </Page>
  );
}
