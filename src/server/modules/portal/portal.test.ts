import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { tenants } from '../../platform/db/schema.ts';
import { emit } from '../../platform/events.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import de from './i18n/de.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import { renderNotFoundPage } from './index.ts';
import { createViewCache } from './portal.cache.ts';
import { contrastRatio, textColorOn } from './portal.render.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

/** Changes the tenant row the way a settings change would, and tells the portal. */
async function updateTenant(tenant: TenantRow, values: Partial<TenantRow>) {
  await t.deps.db.system.update(tenants).set(values).where(eq(tenants.id, tenant.id));
  emit('tenant.changed', { tenantId: tenant.id, slug: tenant.slug });
}

// 1×1 transparent PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe('resident start page', () => {
  it('shows the municipality name, the four sections and the brand colour', async () => {
    await updateTenant(t.tenant, { brandColor: '#8b0000' });
    const res = await get('/m/musterstadt/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<html lang="de">');
    expect(res.body).toContain('Musterstadt');
    for (const heading of ['Aktuelles', 'Warnungen', 'Veranstaltungen', 'Meldungen']) expect(res.body).toContain(`>${heading}</h2>`);
    expect(res.body.match(/<h1[ >]/g)).toHaveLength(1);
    expect(res.body).toMatch(/<header[\s\S]*<nav[\s\S]*<main id="main"[\s\S]*<footer/);
    expect(res.body).toContain('href="#main"');

    const themeHref = /<link rel="stylesheet" href="(\/m\/musterstadt\/theme\.css\?v=[^"]+)">/.exec(res.body)?.[1];
    expect(themeHref).toBeDefined();
    const theme = await get(themeHref!);
    expect(theme.statusCode).toBe(200);
    expect(theme.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(theme.body).toContain('--brand:#8b0000');
    expect(theme.body).toContain('--on-brand:#ffffff');
  });

  it('links the legal pages and switches language from the footer and header', async () => {
    const res = await get('/m/musterstadt/');
    for (const path of ['impressum', 'datenschutz', 'barrierefreiheit']) expect(res.body).toContain(`href="/m/musterstadt/${path}"`);
    expect(res.body).toContain('href="?lang=en"');
  });

  it('redirects the address without a trailing slash', async () => {
    const res = await get('/m/musterstadt?lang=en');
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('/m/musterstadt/?lang=en');
  });

  it('sends the security headers', async () => {
    const res = await get('/m/musterstadt/');
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers.vary).toContain('Accept-Language');
    expect(res.headers['cache-control']).toBe('public, max-age=10');
  });

  it('answers a repeated request with 304 Not Modified', async () => {
    const first = await get('/m/musterstadt/');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get('/m/musterstadt/', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await get('/m/musterstadt/', { 'if-none-match': '"something-else"' });
    expect(other.statusCode).toBe(200);
  });
});

describe('language', () => {
  it('speaks English with ?lang=en and keeps the choice in internal links', async () => {
    const res = await get('/m/musterstadt/?lang=en');
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain(`>${en.newsTitle}</h2>`);
    expect(res.body).not.toContain(`>${de.newsTitle}</h2>`);
    expect(res.body).toContain('href="/m/musterstadt/impressum?lang=en"');
    expect(res.body).toContain('href="?lang=de"');
  });

  it('follows Accept-Language, and ?lang wins over it', async () => {
    const english = await get('/m/musterstadt/', { 'accept-language': 'fr-FR, en-GB;q=0.8, de;q=0.5' });
    expect(english.body).toContain('<html lang="en">');
    const german = await get('/m/musterstadt/?lang=de', { 'accept-language': 'en' });
    expect(german.body).toContain('<html lang="de">');
    expect(german.headers.etag).not.toBe(english.headers.etag);
  });

  it('has the same text keys in German and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(de).sort());
  });
});

describe('unknown municipality', () => {
  it('answers 404 with an HTML page that links to the overview', async () => {
    const res = await get('/m/gibtesnicht/');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain(de.notFoundTitle);
    expect(res.body).toContain('href="/"');
    const english = await get('/m/gibtesnicht/impressum?lang=en');
    expect(english.statusCode).toBe(404);
    expect(english.body).toContain(en.notFoundTitle);
  });

  it('renders the not-found page for the app in both languages', () => {
    expect(renderNotFoundPage('de')).toContain('<html lang="de">');
    expect(renderNotFoundPage('en')).toContain(en.notFoundTitle);
  });
});

describe('legal pages', () => {
  it('shows the privacy statement as escaped text in paragraphs', async () => {
    await updateTenant(t.tenant, { privacyText: 'Wir schützen Ihre Daten.\n\n<script>alert(1)</script>\nZeile zwei' });
    const res = await get('/m/musterstadt/datenschutz');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<p>Wir schützen Ihre Daten.</p>');
    expect(res.body).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt;<br>Zeile zwei</p>');
    expect(res.body).not.toContain('<script>');
  });

  it('says plainly when no privacy statement is published and gives the contact', async () => {
    await updateTenant(t.tenant, { privacyText: '', contact: { email: 'rathaus@musterstadt.test', phone: '+49 30 1234' } });
    const res = await get('/m/musterstadt/datenschutz');
    expect(res.body).toContain(de.privacyEmpty.replace('{name}', 'Musterstadt'));
    expect(res.body).toContain('href="mailto:rathaus@musterstadt.test"');
    expect(res.body).toContain('href="tel:+49301234"');
  });

  it('shows the imprint', async () => {
    await updateTenant(t.tenant, { imprint: 'Stadt Musterstadt\nMarktplatz 1' });
    const res = await get('/m/musterstadt/impressum');
    expect(res.body).toContain('<p>Stadt Musterstadt<br>Marktplatz 1</p>');
  });

  it('offers a feedback e-mail and the conciliation procedure in the accessibility statement', async () => {
    await updateTenant(t.tenant, { accessibilityFeedbackEmail: 'barrierefrei@musterstadt.test' });
    const res = await get('/m/musterstadt/barrierefreiheit');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<h1>${de.a11yTitle}</h1>`);
    expect(res.body).toContain('href="mailto:barrierefrei@musterstadt.test"');
    expect(res.body).toContain('Schlichtungsstelle');
    expect(res.body).toContain('<time datetime="');
  });
});

describe('logo', () => {
  it('is 404 while none is set, then served with its content type, and shown in the header', async () => {
    await updateTenant(t.tenant, { logo: null, logoType: null });
    expect((await get('/m/musterstadt/logo')).statusCode).toBe(404);
    expect((await get('/m/musterstadt/')).body).not.toContain('/m/musterstadt/logo');

    await updateTenant(t.tenant, { logo: PNG.toString('base64'), logoType: 'image/png' });
    const res = await get('/m/musterstadt/logo');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers.etag).toBeDefined();
    expect(res.rawPayload.equals(PNG)).toBe(true);
    expect((await get('/m/musterstadt/')).body).toContain('<img src="/m/musterstadt/logo" alt="Musterstadt Logo"');
  });
});

describe('cache', () => {
  it('shows a settings change on the next request', async () => {
    const before = await get('/m/musterstadt/');
    expect(before.body).toContain('Musterstadt');
    await updateTenant(t.tenant, { name: 'Neu-Musterstadt' });
    const after = await get('/m/musterstadt/');
    expect(after.body).toContain('Neu-Musterstadt');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    await updateTenant(t.tenant, { name: 'Musterstadt' });
  });

  it('drops the oldest entries beyond its bound and expires entries', async () => {
    let now = 1_000;
    let loads = 0;
    const cache = createViewCache<string>(async (k) => `${k}${++loads}`, { ttlMs: 5_000, maxEntries: 2, now: () => now });
    expect((await cache.get('a')).data).toBe('a1');
    expect((await cache.get('a')).data).toBe('a1');
    await cache.get('b');
    await cache.get('c');
    expect(cache.size).toBe(2);
    expect(cache.peek('a')).toBeUndefined();
    now = 7_000;
    expect(cache.peek('c')).toBeUndefined();
  });

  it('a load overtaken by a drop is not stored: the next reader gets the new data', async () => {
    let version = 1;
    let release = () => {};
    const cache = createViewCache<number>(async () => {
      const seen = version;
      if (seen === 1) await new Promise<void>((r) => (release = r));
      return seen;
    });
    const first = cache.get('k');
    await new Promise((r) => setTimeout(r, 5));
    version = 2;
    cache.delete('k');
    release();
    expect((await first).data).toBe(2);
    expect((await cache.get('k')).data).toBe(2);
  });
});

describe('overview of municipalities', () => {
  it('redirects to the only municipality, and lists them all once there are more', async () => {
    const single = await get('/');
    expect(single.statusCode).toBe(302);
    expect(single.headers.location).toBe('/m/musterstadt/');

    const other = await t.createTenant('beispielhausen', 'Beispielhausen');
    emit('tenant.changed', { tenantId: other.id, slug: other.slug });
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<a href="/m/beispielhausen/">Beispielhausen</a>');
    expect(res.body).toContain('<a href="/m/musterstadt/">Musterstadt</a>');
    expect(res.body).toContain('href="/admin/"');
  });
});

describe('brand contrast', () => {
  it('chooses a text colour with at least 4.5:1 contrast on any brand colour', () => {
    for (const color of ['#ffffff', '#000000', '#1d4ed8', '#ffcc00', '#777777', '#808080', '#00a0a0', '#ff0000']) {
      expect(contrastRatio(color, textColorOn(color))).toBeGreaterThanOrEqual(4.5);
    }
    expect(textColorOn('#ffcc00')).not.toBe('#ffffff');
  });
});

describe('no third-party hosts', () => {
  it('references only this server, except mailto and the municipality website link in the footer', async () => {
    await updateTenant(t.tenant, { contact: { email: 'rathaus@musterstadt.test', website: 'https://www.musterstadt.example' } });
    const pages = ['/', '/m/musterstadt/', '/m/musterstadt/impressum', '/m/musterstadt/datenschutz', '/m/musterstadt/barrierefreiheit', '/m/nope/'];
    let sawWebsite = false;
    for (const url of pages) {
      const body = (await get(url)).body;
      for (const m of body.matchAll(/<(\w+)\b[^>]*?\s(src|href|action|srcset)="([^"]*)"/g)) {
        const [, tag, attr, value] = m;
        if (/^(https?:)?\/\//i.test(value)) {
          expect({ url, tag, attr, value }).toEqual({ url, tag: 'a', attr: 'href', value: 'https://www.musterstadt.example/' });
          sawWebsite = true;
        } else {
          expect(value, `${url} ${tag} ${attr}`).toMatch(/^(\/|\?|#|mailto:|tel:|data:,$)/);
        }
      }
    }
    expect(sawWebsite).toBe(true);
  });
});
