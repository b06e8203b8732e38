// The console's path table and its parser agree: every address `paths` makes opens the page it names, and the
// parameters come back as they went in (slugs and resident ids are encoded, not trusted).
import { describe, expect, it } from 'vitest';
import {
  INBOX_LISTS,
  parseInboxView,
  parseMessagesView,
  parseReportsView,
  paths,
  parseRoute,
  REPORT_LISTS,
  SECTIONS,
  SETTINGS_TABS,
  safeNext,
} from './routes.ts';

// Type position only: router.tsx listens on window when loaded, which this test (in Node) has not.
type Navigate = typeof import('./router.tsx').navigate;

const parse = (href: string) => {
  const index = href.indexOf('?');
  return index < 0 ? parseRoute(href, '') : parseRoute(href.slice(0, index), href.slice(index));
};

describe('console routes', () => {
  it('opens every section, settings tab and resident page of a municipality from the address paths makes', () => {
    for (const section of SECTIONS)
      expect(parse(paths.tenant('muster stadt', section))).toEqual({
        page: 'tenant',
        slug: 'muster stadt',
        section,
        tab: null,
        ...(['residents', 'messages', 'warnings', 'inbox', 'reports', 'surveys', 'events', 'waste'].includes(section) ? { sub: null } : {}),
      });
    for (const tab of SETTINGS_TABS)
      expect(parse(paths.settings('musterstadt', tab))).toEqual({ page: 'tenant', slug: 'musterstadt', section: 'settings', tab });
    expect(parse(paths.residents('musterstadt', 'a/b?c'))).toEqual({ page: 'tenant', slug: 'musterstadt', section: 'residents', tab: null, sub: 'a/b?c' });
    for (const section of ['surveys', 'events', 'waste'] as const) {
      expect(parse(paths[section]('musterstadt', 'x y/edit'))).toEqual({ page: 'tenant', slug: 'musterstadt', section, tab: null, sub: 'x%20y/edit' });
      expect(parse(`/admin/t/musterstadt/${section}/a/b/c`)).toEqual({ page: 'notFound' });
    }
  });

  it('opens the pages outside a municipality, and sends a sign-in back only to the console', () => {
    expect(parse(paths.home)).toEqual({ page: 'home' });
    expect(parse(paths.account)).toEqual({ page: 'account' });
    expect(parse(paths.installation)).toEqual({ page: 'installation' });
    expect(parse(paths.forgot)).toEqual({ page: 'forgot' });
    expect(parse(paths.login('/admin/t/musterstadt/inbox?x=1'))).toEqual({ page: 'login', next: '/admin/t/musterstadt/inbox?x=1' });
    for (const outside of ['https://example.org/admin/', '//example.org/admin/', '/admin//example.org', '/m/musterstadt/']) {
      expect(safeNext(outside), outside).toBeNull();
      expect(parse(paths.login(outside))).toEqual({ page: 'login', next: null });
    }
  });

  it('navigates only to addresses paths made (held by the type-check: a hand-written string does not compile)', () => {
    const visited: string[] = [];
    const go: Navigate = (to) => void visited.push(to);
    go(paths.residents('musterstadt', 'gdpr'));
    // @ts-expect-error a string typed by hand is no console address
    go('/admin/t/musterstadt/nope');
    expect(visited).toEqual(['/admin/t/musterstadt/residents/gdpr', '/admin/t/musterstadt/nope']);
  });

  it('opens the messages list, compose, templates, one message and its edit page; an id comes back as it went', () => {
    const id = '0b8e5c1e-4a7b-4c3e-9d52-1f2a3b4c5d6e';
    const view = (href: string) => {
      const route = parse(href);
      return route.page === 'tenant' && route.section === 'messages' ? parseMessagesView(route.sub ?? null) : route;
    };
    expect(view(paths.messages('musterstadt'))).toEqual({ view: 'list' });
    expect(view(paths.messages('musterstadt', 'new'))).toEqual({ view: 'new' });
    expect(view(paths.messageFromTemplate('musterstadt', id))).toEqual({ view: 'new' });
    expect(view(paths.messages('musterstadt', 'templates'))).toEqual({ view: 'templates' });
    expect(view(paths.message('musterstadt', id))).toEqual({ view: 'detail', id });
    expect(view(paths.message('musterstadt', id, true))).toEqual({ view: 'edit', id });
    expect(view(paths.message('musterstadt', 'a/b?c', true))).toEqual({ view: 'edit', id: 'a/b?c' });
    for (const unknown of [
      `/admin/t/musterstadt/messages/${id}/nope`,
      `/admin/t/musterstadt/messages/${id}/edit/x`,
      '/admin/t/musterstadt/messages/new/edit',
    ]) {
      expect(parse(unknown), unknown).toEqual({ page: 'notFound' });
    }
  });

  it('opens every inbox list and one conversation; an id comes back as it went', () => {
    const view = (href: string) => {
      const route = parse(href);
      return route.page === 'tenant' && route.section === 'inbox' ? parseInboxView(route.sub ?? null) : route;
    };
    for (const list of INBOX_LISTS) expect(view(paths.inbox('musterstadt', list))).toEqual({ view: 'list', list });
    expect(paths.inbox('musterstadt')).toBe('/admin/t/musterstadt/inbox');
    expect(view(paths.conversation('musterstadt', 'a/b?c'))).toEqual({ view: 'conversation', id: 'a/b?c' });
    const id = '0b8e5c1e-4a7b-4c3e-9d52-1f2a3b4c5d6e';
    expect(view(`/admin/t/musterstadt/inbox/${id}`)).toEqual({ view: 'conversation', id }); // the notification e-mails' link
    for (const unknown of [
      '/admin/t/musterstadt/inbox/all',
      '/admin/t/musterstadt/inbox/c',
      '/admin/t/musterstadt/inbox/c/1/2',
      '/admin/t/musterstadt/inbox/x/1',
    ]) {
      expect(parse(unknown), unknown).toEqual({ page: 'notFound' });
    }
  });

  it('knows no other page', () => {
    for (const unknown of ['/admin/t/musterstadt/nope', '/admin/t/musterstadt/settings/nope', '/admin/t/musterstadt/inbox/1', '/admin/unknown', '/elsewhere']) {
      expect(parse(unknown), unknown).toEqual({ page: 'notFound' });
    }
  });
});

describe('report routes', () => {
  const view = (href: string) => {
    const route = parse(href);
    return route.page === 'tenant' && route.section === 'reports' ? parseReportsView(route.sub ?? null) : route;
  };

  it('opens every named list, the map and one report; the filters stay in the query', () => {
    for (const list of REPORT_LISTS) expect(view(paths.reports('musterstadt', list))).toEqual({ view: 'list', list });
    expect(view(paths.reports('musterstadt', 'map', 'status=resolved'))).toEqual({ view: 'map' });
    expect(view(paths.reports('musterstadt', 'new'))).toEqual({ view: 'new' });
    expect(paths.reports('musterstadt', 'open', 'q=Laterne')).toBe('/admin/t/musterstadt/reports/open?q=Laterne');
    const id = '0b8e5c1e-4a7b-4c3e-9d52-1f2a3b4c5d6e';
    expect(view(paths.report('musterstadt', id))).toEqual({ view: 'report', id });
    expect(view(`/admin/t/musterstadt/reports/${id}`)).toEqual({ view: 'report', id });
  });

  it('refuses addresses it does not know', () => {
    expect(parse('/admin/t/musterstadt/reports/nope')).toEqual({ page: 'notFound' });
    expect(parse('/admin/t/musterstadt/reports/all')).toEqual({ page: 'notFound' });
    expect(parse('/admin/t/musterstadt/reports/r/x/y')).toEqual({ page: 'notFound' });
  });
});
