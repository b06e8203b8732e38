// The console's URL map under /admin and a parser from location to a route value.
export const SECTIONS = ['overview', 'messages', 'warnings', 'inbox', 'reports', 'surveys', 'events', 'waste', 'residents', 'analytics', 'settings'] as const;
export type Section = (typeof SECTIONS)[number];

export const SETTINGS_TABS = ['tenant', 'staff', 'channels', 'inbox', 'reports', 'audit', 'outbox'] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];

/** A network's console pages (Landkreis, Verbund): its members, sending to them, its shared templates. */
export const NETWORK_VIEWS = ['members', 'send', 'templates'] as const;
export type NetworkView = (typeof NETWORK_VIEWS)[number];

export type Route =
  | { page: 'home' }
  | { page: 'login'; next: Href | null }
  | { page: 'forgot' }
  | { page: 'reset'; token: string }
  | { page: 'accept'; token: string }
  | { page: 'account' }
  /** The installation operator's page: municipalities, installation mails. */
  | { page: 'installation' }
  | { page: 'tenant'; slug: string; section: Section; tab: SettingsTab | null /** residents: list, add, gdpr, topics or a resident id */; sub?: string | null }
  /** A network's pages under /admin/n/:slug/. */
  | { page: 'network'; slug: string; view: NetworkView }
  | { page: 'notFound' };

const BASE = '/admin';

/**
 * A console address made by `paths` (or checked by safeNext). navigate() and <Link> take only these, so a link can
 * not point at a page the parser below does not know.
 */
export type Href = string & { readonly __href: unique symbol };
const href = (path: string) => path as Href;
const seg = encodeURIComponent;

export const paths = {
  home: href(`${BASE}/`),
  login: (next?: string) => href(`${BASE}/login${next ? `?next=${seg(next)}` : ''}`),
  forgot: href(`${BASE}/forgot-password`),
  account: href(`${BASE}/account`),
  installation: href(`${BASE}/installation`),
  tenant: (slug: string, section: Section = 'overview') => href(`${BASE}/t/${seg(slug)}/${section === 'overview' ? '' : section}`),
  settings: (slug: string, tab: SettingsTab) => href(`${BASE}/t/${seg(slug)}/settings/${tab}`),
  residents: (slug: string, sub?: string) => href(`${BASE}/t/${seg(slug)}/residents${sub ? `/${seg(sub)}` : ''}`),
  /** Nachrichten: the list, a view ('new', 'templates'), one message, or its edit page. */
  messages: (slug: string, view?: 'new' | 'templates') => href(`${BASE}/t/${seg(slug)}/messages${view ? `/${view}` : ''}`),
  message: (slug: string, id: string, edit = false) => href(`${BASE}/t/${seg(slug)}/messages/${seg(id)}${edit ? '/edit' : ''}`),
  /** Compose from a template (its id in the query). */
  messageFromTemplate: (slug: string, templateId: string) => href(`${BASE}/t/${seg(slug)}/messages/new?template=${seg(templateId)}`),
  /** Warnungen: the list, the issue form ('new'), or one warning. */
  warnings: (slug: string, sub?: string) => href(`${BASE}/t/${seg(slug)}/warnings${sub ? `/${seg(sub)}` : ''}`),
  /** Posteingang: a named list (Alle is the start page) or one conversation. */
  inbox: (slug: string, view: InboxList = 'all') => href(`${BASE}/t/${seg(slug)}/inbox${view === 'all' ? '' : `/${view}`}`),
  conversation: (slug: string, id: string) => href(`${BASE}/t/${seg(slug)}/inbox/c/${seg(id)}`),
  /** Meldungen: a named list (Alle is the start page), the map (filters as query) or the form to file one by hand. */
  reports: (slug: string, mode: ReportsMode = 'all', query = '') =>
    href(`${BASE}/t/${seg(slug)}/reports${mode === 'all' ? '' : `/${mode}`}${query ? `?${query}` : ''}`),
  report: (slug: string, id: string) => href(`${BASE}/t/${seg(slug)}/reports/r/${seg(id)}`),
  /** Umfragen: the list, 'new', one survey (its id), or a survey's page ('<id>/edit', '<id>/results'). */
  surveys: (slug: string, sub?: string) => href(`${BASE}/t/${seg(slug)}/surveys${sub ? `/${sub.split('/').map(seg).join('/')}` : ''}`),
  /** Veranstaltungen: the list, 'new', one event (its id), or an event's page ('<id>/edit', '<id>/attendees', '<id>/checkin'). */
  events: (slug: string, sub?: string) => href(`${BASE}/t/${seg(slug)}/events${sub ? `/${sub.split('/').map(seg).join('/')}` : ''}`),
  /** Abfallkalender: the overview, or a page of it ('types', 'districts', 'schedules', 'import', 'dates'). */
  waste: (slug: string, sub?: string) => href(`${BASE}/t/${seg(slug)}/waste${sub ? `/${sub.split('/').map(seg).join('/')}` : ''}`),
  /** A network's pages: members (its start page), send, templates. */
  network: (slug: string, view: NetworkView = 'members') => href(`${BASE}/n/${seg(slug)}/${view === 'members' ? '' : view}`),
  /** The resident portal: a server-rendered page outside the console, for a plain <a href>. */
  portal: (slug: string) => `/m/${seg(slug)}/`,
};

const isSection = (s: string): s is Section => (SECTIONS as readonly string[]).includes(s);
const isTab = (s: string): s is SettingsTab => (SETTINGS_TABS as readonly string[]).includes(s);

/** Only same-console paths are followed after sign-in, never another site. */
export const safeNext = (next: string | null): Href | null => (next && /^\/admin\/(?!\/)/.test(next) ? href(next) : null);

export function parseRoute(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : null;
  if (rest === null) return { page: 'notFound' };
  const parts = rest.split('/').filter(Boolean).map(decodeURIComponent);

  if (parts.length === 0) return { page: 'home' };
  if (parts.length === 1) {
    switch (parts[0]) {
      case 'login':
        return { page: 'login', next: safeNext(query.get('next')) };
      case 'forgot-password':
        return { page: 'forgot' };
      case 'reset-password':
        return { page: 'reset', token: query.get('token') ?? '' };
      case 'accept-invitation':
        return { page: 'accept', token: query.get('token') ?? '' };
      case 'account':
        return { page: 'account' };
      case 'installation':
        return { page: 'installation' };
    }
  }
  if (parts[0] === 'n' && parts[1] && parts.length <= 3) {
    const view = parts[2] ?? 'members';
    if (!(NETWORK_VIEWS as readonly string[]).includes(view) || (view === 'members' && parts[2])) return { page: 'notFound' };
    return { page: 'network', slug: parts[1], view: view as NetworkView };
  }
  if (parts[0] === 't' && parts[1]) {
    const section = parts[2] ?? 'overview';
    if (!isSection(section) || (section === 'overview' && parts[2])) return { page: 'notFound' };
    if (section === 'residents' && parts.length <= 4) return { page: 'tenant', slug: parts[1], section, tab: null, sub: parts[3] ?? null };
    if (section === 'warnings' && parts.length <= 4) return { page: 'tenant', slug: parts[1], section, tab: null, sub: parts[3] ?? null };
    if (section === 'messages' && parts.length <= 5) {
      const sub = parts.length > 3 ? parts.slice(3).map(seg).join('/') : null;
      return parseMessagesView(sub) ? { page: 'tenant', slug: parts[1], section, tab: null, sub } : { page: 'notFound' };
    }
    if (section === 'inbox' && parts.length <= 5) {
      const sub = parts.length > 3 ? parts.slice(3).map(seg).join('/') : null;
      return parseInboxView(sub) ? { page: 'tenant', slug: parts[1], section, tab: null, sub } : { page: 'notFound' };
    }
    if (section === 'reports' && parts.length <= 5) {
      const sub = parts.length > 3 ? parts.slice(3).map(seg).join('/') : null;
      return parseReportsView(sub) ? { page: 'tenant', slug: parts[1], section, tab: null, sub } : { page: 'notFound' };
    }
    // surveys, events, waste: up to two segments after the section; each page parses its own `sub`
    if ((section === 'surveys' || section === 'events' || section === 'waste') && parts.length <= 5) {
      const sub = parts.length > 3 ? parts.slice(3).map(seg).join('/') : null;
      return { page: 'tenant', slug: parts[1], section, tab: null, sub };
    }
    if (section !== 'settings' && parts.length > 3) return { page: 'notFound' };
    const tab = parts[3] ?? null;
    if (tab !== null && (!isTab(tab) || parts.length > 4)) return { page: 'notFound' };
    return { page: 'tenant', slug: parts[1], section, tab };
  }
  return { page: 'notFound' };
}

/** What the messages section shows; the route's `sub` keeps the path segments encoded, so an id comes back as it went. */
export type MessagesView = { view: 'list' } | { view: 'new' } | { view: 'templates' } | { view: 'detail'; id: string } | { view: 'edit'; id: string };

export function parseMessagesView(sub: string | null): MessagesView | null {
  if (sub === null) return { view: 'list' };
  const [first, second, ...more] = sub.split('/').map(decodeURIComponent);
  if (more.length || !first) return null;
  if (second === undefined) return first === 'new' ? { view: 'new' } : first === 'templates' ? { view: 'templates' } : { view: 'detail', id: first };
  return second === 'edit' && first !== 'new' && first !== 'templates' ? { view: 'edit', id: first } : null;
}

/** The Posteingang's named lists (the overview links straight to unanswered and overdue). */
export const INBOX_LISTS = ['all', 'mine', 'unassigned', 'unanswered', 'overdue'] as const;
export type InboxList = (typeof INBOX_LISTS)[number];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export type InboxView = { view: 'list'; list: InboxList } | { view: 'conversation'; id: string };

export function parseInboxView(sub: string | null): InboxView | null {
  if (sub === null) return { view: 'list', list: 'all' };
  const [first, second, ...more] = sub.split('/').map(decodeURIComponent);
  if (more.length || !first) return null;
  if (second === undefined) {
    if (first !== 'all' && (INBOX_LISTS as readonly string[]).includes(first)) return { view: 'list', list: first as InboxList };
    // the links in staff notification e-mails name the conversation right after /inbox/
    return UUID.test(first) ? { view: 'conversation', id: first } : null;
  }
  return first === 'c' && second ? { view: 'conversation', id: second } : null;
}

/** Meldungen: the named lists and the map (the filters ride along in the query string). */
export const REPORT_LISTS = ['all', 'open', 'mine', 'unassigned', 'overdue'] as const;
export type ReportListName = (typeof REPORT_LISTS)[number];
export type ReportsMode = ReportListName | 'map' | 'new';
export type ReportsView = { view: 'list'; list: ReportListName } | { view: 'map' } | { view: 'new' } | { view: 'report'; id: string };

export function parseReportsView(sub: string | null): ReportsView | null {
  if (sub === null) return { view: 'list', list: 'all' };
  const [first, second, ...more] = sub.split('/').map(decodeURIComponent);
  if (more.length || !first) return null;
  if (second === undefined) {
    if (first === 'map' || first === 'new') return { view: first };
    if (first !== 'all' && (REPORT_LISTS as readonly string[]).includes(first)) return { view: 'list', list: first as ReportListName };
    // staff notification e-mails link the report right after /reports/
    return UUID.test(first) ? { view: 'report', id: first } : null;
  }
  return first === 'r' && second ? { view: 'report', id: second } : null;
}
