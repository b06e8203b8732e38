// The tabs of a console page: a named navigation whose current link says so (aria-current), and the panel under it
// with its heading, which the panel is named by.
import type { ReactNode } from 'react';
import type { Href } from '../routes.ts';
import { Link } from '../router.tsx';

export interface Tab {
  key: string;
  to: Href;
  label: ReactNode;
  testId?: string;
}

/** One tab per key, each with the test id `<testIdPrefix>-<key>`. */
export function tabsFor<K extends string>(keys: readonly K[], testIdPrefix: string, link: (key: K) => { to: Href; label: ReactNode }): Tab[] {
  return keys.map((key) => ({ key, testId: `${testIdPrefix}-${key}`, ...link(key) }));
}

/** `current` is the key of the shown tab, or null when none is (e.g. one item opened from a list). */
export function TabNav({ label, tabs, current }: { label: string; tabs: readonly Tab[]; current: string | null }) {
  return (
    <nav className="tabs" aria-label={label}>
      <ul>
        {tabs.map((tab) => (
          <li key={tab.key}>
            <Link to={tab.to} data-testid={tab.testId} aria-current={tab.key === current ? 'page' : undefined}>
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function TabPanel({ headingId, heading, children }: { headingId: string; heading: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={headingId} className="tab-panel">
      <h2 id={headingId}>{heading}</h2>
      {children}
    </section>
  );
}
