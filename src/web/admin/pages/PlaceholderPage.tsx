// Sections that are not built yet say plainly what will live there.
import { sectionLabel } from '../components/MainNav.tsx';
import { Page } from '../components/Page.tsx';
import { type MessageKey, useI18n } from '../i18n.tsx';
import type { Section } from '../routes.ts';

type PlannedSection = Exclude<Section, 'overview' | 'settings'>;

const planned: Record<PlannedSection, MessageKey> = {
  messages: 'planned.messages',
  warnings: 'planned.warnings',
  inbox: 'planned.inbox',
  reports: 'planned.reports',
  surveys: 'planned.surveys',
  events: 'planned.events',
  waste: 'planned.waste',
  residents: 'planned.residents',
  analytics: 'planned.analytics',
};

export function PlaceholderPage({ section }: { section: PlannedSection }) {
  const { t } = useI18n();
  return (
    <Page title={t(sectionLabel[section])}>
      <p className="placeholder">{t(planned[section])}</p>
    </Page>
  );
}
