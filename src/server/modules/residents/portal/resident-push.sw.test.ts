// The real service worker (exactly as /m/{tenant}/sw.js serves it) in a node:vm context with a small fake `self`:
// a push as the push adapter builds it is shown and acknowledged; a click opens only pages of this origin.
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { buildPayload } from '../../../channels/push/index.ts';
import { serviceWorkerFor } from './resident-push.assets.ts';

const SCOPE = 'https://civicast.example/m/musterstadt/';
const DELIVERY_ID = '3f0c9a52-6b1e-4d7a-9c3e-2a1b0c9d8e7f';

interface Shown {
  title: string;
  options: { body: string; icon?: string; tag?: string; data: { url: string } };
}

/** The service worker's world: registration, clients and fetch record what the worker does, in order. */
function startWorker(tenant: { logo?: string | null; logoType?: string | null } = {}) {
  const log: string[] = [];
  const shown: Shown[] = [];
  const fetches: { url: string; init: RequestInit }[] = [];
  const opened: string[] = [];
  const windows: { url: string; focus: () => Promise<unknown> }[] = [];
  const listeners = new Map<string, (event: unknown) => void>();
  const self = {
    registration: {
      scope: SCOPE,
      showNotification: async (title: string, options: Shown['options']) => {
        log.push('show');
        shown.push({ title, options });
      },
    },
    clients: {
      matchAll: async () => windows,
      openWindow: async (url: string) => {
        opened.push(url);
        return null;
      },
      claim: async () => {},
    },
    skipWaiting: async () => {},
    addEventListener: (type: string, listener: (event: unknown) => void) => listeners.set(type, listener),
  };
  const fetch = async (url: string, init: RequestInit) => {
    log.push('fetch');
    fetches.push({ url, init });
    return { ok: true, status: 204 };
  };
  const source = serviceWorkerFor({ slug: 'musterstadt', name: 'Musterstadt', logo: tenant.logo ?? null, logoType: tenant.logoType ?? null });
  vm.runInContext(source, vm.createContext({ self, fetch, URL }), { filename: 'sw.js' });

  /** Calls the worker's listener and waits for what it passed to event.waitUntil. */
  const dispatch = async (type: string, event: Record<string, unknown>) => {
    const pending: Promise<unknown>[] = [];
    listeners.get(type)!({ ...event, waitUntil: (p: Promise<unknown>) => pending.push(p) });
    await Promise.all(pending);
  };
  const push = (payload: string | null) => dispatch('push', { data: payload === null ? null : { json: () => JSON.parse(payload), text: () => payload } });
  const click = (data: unknown) => {
    const notification = { data, closed: false, close: () => (notification.closed = true) };
    return dispatch('notificationclick', { notification }).then(() => notification);
  };
  return { log, shown, fetches, opened, windows, listeners, push, click };
}

const adapterPayload = (url?: string) =>
  buildPayload({ subject: 'Straßensperrung', text: 'Die Hauptstraße ist bis Freitag gesperrt.', url, deliveryId: DELIVERY_ID })!;

describe('the service worker', () => {
  it('listens for install, activate, push and notificationclick', () => {
    expect([...startWorker().listeners.keys()].sort()).toEqual(['activate', 'install', 'notificationclick', 'push']);
  });

  it('shows the notification with title and body from the payload, then POSTs the delivery id to the ack URL without cookies', async () => {
    const sw = startWorker();
    await sw.push(adapterPayload(`${SCOPE}meldungen/42`));
    expect(sw.shown).toEqual([
      { title: 'Straßensperrung', options: { body: 'Die Hauptstraße ist bis Freitag gesperrt.', tag: DELIVERY_ID, data: { url: `${SCOPE}meldungen/42` } } },
    ]);
    expect(sw.log).toEqual(['show', 'fetch']);
    expect(sw.fetches).toHaveLength(1);
    const [{ url, init }] = sw.fetches;
    expect(url).toBe(`${SCOPE}push/ack`);
    expect(init).toMatchObject({ method: 'POST', credentials: 'omit', headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(String(init.body))).toEqual({ id: DELIVERY_ID });
  });

  it('uses the portal logo as the icon when the municipality has one', async () => {
    const sw = startWorker({ logo: Buffer.from('png bytes').toString('base64'), logoType: 'image/png' });
    await sw.push(adapterPayload());
    expect(sw.shown[0].options.icon).toMatch(/^\/m\/musterstadt\/logo\?v=[\w-]{10}$/);
  });

  it('a payload without a delivery id is shown but not acknowledged; an unreadable one still shows the municipality', async () => {
    const sw = startWorker();
    await sw.push(JSON.stringify({ title: 'Test', body: 'ohne id' }));
    await sw.push('kein JSON');
    await sw.push(null);
    expect(sw.shown.map((s) => [s.title, s.options.body])).toEqual([
      ['Test', 'ohne id'],
      ['Musterstadt', 'kein JSON'],
      ['Musterstadt', ''],
    ]);
    expect(sw.fetches).toEqual([]);
  });

  it('a click opens the page from the notification', async () => {
    const sw = startWorker();
    await sw.push(adapterPayload(`${SCOPE}meldungen/42`));
    const notification = await sw.click(sw.shown[0].options.data);
    expect(notification.closed).toBe(true);
    expect(sw.opened).toEqual([`${SCOPE}meldungen/42`]);
  });

  it('a click focuses the window that already shows the page instead of opening another', async () => {
    const sw = startWorker();
    let focused = 0;
    sw.windows.push({ url: SCOPE, focus: async () => focused++ });
    await sw.click({ url: SCOPE });
    expect(focused).toBe(1);
    expect(sw.opened).toEqual([]);
  });

  it('a link to another site is never opened: the click leads to the portal instead', async () => {
    const sw = startWorker();
    await sw.push(adapterPayload('https://evil.example/phish'));
    expect(sw.shown[0].options.data.url).toBe(SCOPE);
    await sw.click(sw.shown[0].options.data);
    // a notification shown by an older worker may still carry the foreign URL: checked again on click
    await sw.click({ url: 'https://evil.example/phish' });
    await sw.click({ url: 'javascript:alert(1)' });
    expect(sw.opened).toEqual([SCOPE, SCOPE, SCOPE]);
  });
});
