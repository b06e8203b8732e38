// The product's sections for one municipality.
import { type MessageKey, useI18n } from '../i18n.tsx';
import { paths, SECTIONS, type Section } from '../routes.ts';
import { Link } from '../router.tsx';

export const sectionLabel: Record<Section, MessageKey> = {
  overview: 'nav.overview',
  messages: 'nav.messages',
  warnings: 'nav.warnings',
  inbox: 'nav.inbox',
  reports: 'nav.reports',
  surveys: 'nav.surveys',
  events: 'nav.events',
  waste: 'nav.waste',
  residents: 'nav.residents',
  analytics: 'nav.analytics',
  settings: 'nav.settings',
};

export function MainNav({ slug, current }: { slug: string; current: Section | null }) {
  const { t } = useI18n();
  return (
    <nav className="main-nav" aria-label={t('nav.label')}>
      <ul>
        {SECTIONS.map((section) => (
          <li key={section}>
            <Link to={paths.tenant(slug, section)} data-testid={`nav-${section}`} aria-current={section === current ? 'page' : undefined}>
              {t(sectionLabel[section])}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
