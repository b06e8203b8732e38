// "Turn on notifications on this device": the scripts the portal serves for it, and the subscription a signed-in
// resident's browser sends (linked to the resident, exported with their data, erased with them).
import { randomBytes } from 'node:crypto';
import vm from 'node:vm';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/helpers/app.ts';
import { resident, residentSession } from '../../../../../test/helpers/factories.ts';
import { nextMobile } from '../../../../../test/helpers/phones.ts';
import { esc } from '../../../../../test/helpers/portal.ts';
import { pushSubscriptions } from '../../../platform/db/schema.ts';
import de from '../../portal/i18n/de.json' with { type: 'json' };
import { exportResident } from '../index.ts';
import { pushScriptHref } from './resident-push.assets.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** A registered resident of Musterstadt with a portal session; `cookie` is what their browser sends. */
async function signedInResident(channels = ['sms', 'push']) {
  const residentId = await resident(t.deps, t.tenant, { phone: nextMobile(), channels, method: 'portal' });
  return { residentId, cookie: await residentSession(t.deps, t.tenant, residentId) };
}

/** What PushSubscription.toJSON() gives in Chrome (the endpoint host is on the default allow-list; nothing is sent). */
const browserSubscription = () => ({
  endpoint: `https://fcm.googleapis.com/fcm/send/${randomBytes(12).toString('base64url')}`,
  expirationTime: null,
  keys: { p256dh: randomBytes(65).toString('base64url'), auth: randomBytes(16).toString('base64url') },
});

const subscribe = (sub: ReturnType<typeof browserSubscription>, headers: Record<string, string> = {}, slug = 'musterstadt') =>
  t.app.inject({ method: 'POST', url: `/m/${slug}/push/subscriptions`, payload: sub, headers });

const storedOwner = async (endpoint: string) => {
  const rows = await t.deps.db.system
    .select({ residentId: pushSubscriptions.residentId })
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.endpoint, endpoint));
  return rows.length ? rows[0].residentId : 'none';
};

const INLINE_SCRIPT = /<script(?![^>]*\ssrc=)[^>]*>|<script[^>]*>[^<]+<\/script>|\son[a-z]+=/i;

describe('the scripts behind "turn on notifications"', () => {
  it('the service worker is served per portal as JavaScript, never cached without asking, and limited to this origin', async () => {
    const res = await t.app.inject('/m/musterstadt/sw.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/javascript/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'self'");
    expect(res.body.split('\n').slice(0, 2)).toEqual(["'use strict';", 'const CIVICAST = {"name":"Musterstadt","icon":null};']);
    expect(res.body).toContain("addEventListener('push'");
    expect((await t.app.inject('/m/nirgendwo/sw.js')).statusCode).toBe(404);
  });

  it('a municipality name that looks like markup or code stays a string in the service worker', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the name must not turn into a template placeholder either
    const tenant = await t.createTenant('quotestadt', 'Quote "Stadt" </script> \u2028 `${x}`');
    const res = await t.app.inject(`/m/${tenant.slug}/sw.js`);
    expect(res.body).not.toContain('</script>');
    const context = vm.createContext({});
    vm.runInContext(`${res.body.split('\n').slice(0, 2).join('\n')}\nglobalThis.settings = CIVICAST;`, context);
    expect((context as { settings: { name: string } }).settings.name).toBe(tenant.name);
  });

  it('the button script is first-party JavaScript at one versioned URL', async () => {
    const res = await t.app.inject(pushScriptHref);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=86400');
    expect(res.body).toContain('pushManager.subscribe');
    expect(res.body).not.toMatch(/https?:\/\//);
    expect((await t.app.inject({ url: pushScriptHref, headers: { 'if-none-match': res.headers.etag as string } })).statusCode).toBe(304);
  });

  it('the settings page offers the button through push.js only, with a sentence for browsers without it, under the strict CSP', async () => {
    const { cookie } = await signedInResident();
    const res = await t.app.inject({ url: '/m/musterstadt/settings', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.body).toContain(`<script src="${pushScriptHref}" defer></script>`);
    expect(res.body).not.toMatch(INLINE_SCRIPT);
    expect(res.body).toContain(esc(de.pushUnsupported));
    // the button is in the page (translated) but hidden until push.js finds push support
    expect(res.body).toMatch(new RegExp(`<form class="push-form" hidden>.*${esc(de.pushButton)}`, 's'));
    expect(res.body).toContain(`data-text-denied="${esc(de.pushDenied)}"`);
    expect(res.body).toContain('data-scope="/m/musterstadt/"');
  });

  it('the registration "done" page offers it only when push was chosen', async () => {
    const withPush = await signedInResident(['sms', 'push']);
    const withoutPush = await signedInResident(['sms']);
    expect((await t.app.inject({ url: '/m/musterstadt/register/done', headers: { cookie: withPush.cookie } })).body).toContain(pushScriptHref);
    expect((await t.app.inject({ url: '/m/musterstadt/register/done', headers: { cookie: withoutPush.cookie } })).body).not.toContain(pushScriptHref);
  });
});

describe('a push subscription from the portal', () => {
  const portal = () => ({ origin: t.deps.config.publicUrl });

  it('sent with a resident session from the portal, it belongs to that resident', async () => {
    const { residentId, cookie } = await signedInResident();
    const sub = browserSubscription();
    const res = await subscribe(sub, { ...portal(), cookie });
    expect(res.statusCode, res.body).toBe(201);
    expect(await storedOwner(sub.endpoint)).toBe(residentId);
    // the same browser again without the cookie keeps its owner
    expect((await subscribe(sub)).statusCode).toBe(201);
    expect(await storedOwner(sub.endpoint)).toBe(residentId);
  });

  it('without a session it is stored as before, belonging to nobody', async () => {
    const sub = browserSubscription();
    const res = await subscribe(sub);
    expect(res.statusCode).toBe(201);
    expect(res.json().id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await storedOwner(sub.endpoint)).toBeNull();
  });

  it('with a session but from another site (or with no Origin at all) it is refused', async () => {
    const { cookie } = await signedInResident();
    const sub = browserSubscription();
    const foreign = await subscribe(sub, { origin: 'https://evil.example', cookie });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await subscribe(sub, { cookie })).statusCode).toBe(403);
    expect(await storedOwner(sub.endpoint)).toBe('none');
  });

  it('a session of a resident who does not follow that municipality links nothing there', async () => {
    const other = await t.createTenant('nachbarort', 'Nachbarort');
    const { cookie } = await signedInResident();
    const sub = browserSubscription();
    expect((await subscribe(sub, { ...portal(), cookie }, other.slug)).statusCode).toBe(201);
    expect(await storedOwner(sub.endpoint)).toBeNull();
  });

  it('the resident sees the device in "Meine Daten", and deleting the account removes the subscription', async () => {
    const { residentId, cookie } = await signedInResident();
    const sub = browserSubscription();
    await subscribe(sub, { ...portal(), cookie, 'user-agent': 'Mozilla/5.0 TestBrowser/1.0' });

    const exported = await exportResident(t.deps, residentId);
    expect(exported.follows[0].pushSubscriptions).toMatchObject([{ endpoint: sub.endpoint, userAgent: 'Mozilla/5.0 TestBrowser/1.0' }]);
    const page = await t.app.inject({ url: '/m/musterstadt/settings/data', headers: { cookie } });
    expect(page.body).toContain(esc(de.dataPushDevices));
    expect(page.body).toContain('fcm.googleapis.com: Mozilla/5.0 TestBrowser/1.0');

    const deleted = await t.app.inject({
      method: 'POST',
      url: '/m/musterstadt/settings/delete',
      headers: { ...portal(), cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(deleted.statusCode).toBe(200);
    expect(await storedOwner(sub.endpoint)).toBe('none');
  });
});
