// Civicast service worker for one municipality's portal (scope /m/{tenant}/): shows the push notifications Civicast
// sends and confirms each one to /m/{tenant}/push/ack, which is the push channel's delivery receipt.
// The server puts two lines before this file: 'use strict' and `const CIVICAST = {"name":…,"icon":…};` (tenant
// name, logo URL or null).

/* global CIVICAST */
const settings = typeof CIVICAST === 'object' && CIVICAST !== null ? CIVICAST : {};
// the scope is the portal's base URL, e.g. https://civicast.example/m/musterstadt/
const portal = new URL(self.registration.scope);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The URL when it stays on this origin (the portal's own pages), else null: a push never opens a foreign page. */
function sameOrigin(value) {
  if (typeof value !== 'string' || !value) return null;
  try {
    const url = new URL(value, portal);
    return url.origin === portal.origin ? url.href : null;
  } catch {
    return null;
  }
}

/** The payload the push adapter sends: { title, body, url?, id }; anything unreadable still shows the portal's name. */
function readPayload(data) {
  if (!data) return {};
  try {
    const value = data.json();
    return value && typeof value === 'object' ? value : {};
  } catch {
    return { body: data.text() };
  }
}

const text = (value, max) => (typeof value === 'string' ? value.slice(0, max) : '');

async function showAndConfirm(payload) {
  const id = typeof payload.id === 'string' && UUID.test(payload.id) ? payload.id : null;
  const options = { body: text(payload.body, 4000), data: { url: sameOrigin(payload.url) ?? portal.href } };
  if (typeof settings.icon === 'string' && settings.icon) options.icon = settings.icon;
  // the same delivery pushed twice replaces its notification instead of showing it again
  if (id) options.tag = id;
  await self.registration.showNotification(text(payload.title, 200) || text(settings.name, 200) || portal.host, options);
  if (!id) return;
  try {
    // no cookies: the delivery's random id is the only capability needed
    await fetch(new URL('push/ack', portal).href, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id }),
    });
  } catch {
    // offline right now: the notification was shown; the delivery stays "sent" and the fallback channel may follow
  }
}

async function openUrl(target) {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((client) => client.url === target);
  if (open && 'focus' in open) return open.focus();
  return self.clients.openWindow(target);
}

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('push', (event) => event.waitUntil(showAndConfirm(readPayload(event.data))));
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  // checked again here: notifications shown by an older version of this worker carry their own data
  const target = sameOrigin(event.notification.data?.url) ?? portal.href;
  event.waitUntil(openUrl(target));
});
