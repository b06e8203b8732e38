import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwnerApp, createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { newTenant } from '../../../../test/helpers/factories.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { tileOrigins, tileUrlProblem } from '../../../common/map-tiles.ts';
import { ConfigError, loadConfig } from '../../platform/config.ts';
import { auditLog } from '../../platform/db/schema.ts';
import { consoleCspWith } from '../tenants/index.ts';

let t: TestApp;
let owner: Session;
const tenantUrl = '/api/v1/tenants/musterstadt';
const patch = (session: Session, payload: Record<string, unknown>) => t.as(session, { method: 'PATCH', url: tenantUrl, payload });
const consoleCsp = async (app = t) => String((await app.app.inject({ method: 'GET', url: '/admin/' })).headers['content-security-policy']);

beforeAll(async () => {
  ({ t, owner } = await createOwnerApp());
});
afterAll(() => t.close());

describe('map tile URL as a tenant setting', () => {
  it('is saved with its attribution, shown to all staff as the map tiles, and audited', async () => {
    // a municipality of its own; the console CSP is one for the installation, so only this origin is looked for
    const town = await newTenant(t.deps);
    const townUrl = `/api/v1/tenants/${town.slug}`;
    expect(await consoleCsp()).not.toContain('https://tiles.example.org');
    const res = await t.as(await t.login(`owner@${town.slug}.test`), {
      method: 'PATCH',
      url: townUrl,
      payload: { mapTileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png', mapAttribution: '© OpenStreetMap-Mitwirkende' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mapTileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png', mapAttribution: '© OpenStreetMap-Mitwirkende' });
    expect(await consoleCsp()).toContain('https://tiles.example.org');
    const viewer = await t.staffSession('viewer', town);
    const map = await t.as(viewer, { method: 'GET', url: `${townUrl}/map` });
    expect(map.json()).toEqual({
      tileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png',
      attribution: '© OpenStreetMap-Mitwirkende',
      source: 'tenant',
      installation: { tileUrl: null, attribution: null },
    });
    const [entry] = await t.deps.db.system
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, town.id), eq(auditLog.action, 'tenant.updated')))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(entry.details).toEqual({ fields: ['mapTileUrl', 'mapAttribution'] });
  });

  it('only owners and admins may change it', async () => {
    await t.createStaff(t.tenant, 'editor@musterstadt.test', 'editor');
    const editor = await t.login('editor@musterstadt.test');
    expect((await patch(editor, { mapTileUrl: 'https://evil.example.org/{z}/{x}/{y}.png' })).statusCode).toBe(403);
    expect(await consoleCsp()).not.toContain('evil.example.org');
  });

  it.each([
    ['a quote', "https://tiles.example.org/{z}/{x}/{y}.png'"],
    ['a semicolon', 'https://tiles.example.org/{z}/{x}/{y}.png;script-src'],
    ['a space', 'https://tiles.example.org/{z}/{x}/{y}.png https://evil.example.org'],
    ['a comma', 'https://tiles.example.org/{z}/{x}/{y}.png,https://evil.example.org'],
    ['no {y}', 'https://tiles.example.org/{z}/{x}.png'],
    ['an unknown placeholder', 'https://tiles.example.org/{z}/{x}/{y}.png?key={apikey}'],
    ['plain http to another host', 'http://tiles.example.org/{z}/{x}/{y}.png'],
    ['another scheme', 'javascript://tiles.example.org/{z}/{x}/{y}.png'],
    ['a wildcard host', 'https://*.example.org/{z}/{x}/{y}.png'],
    ['a tile number in the host', 'https://{z}.example.org/{z}/{x}/{y}.png'],
    ['a password', 'https://user:secret@tiles.example.org/{z}/{x}/{y}.png'],
  ])('a tile URL with %s is refused and never reaches the CSP', async (_label, mapTileUrl) => {
    const res = await patch(owner, { mapTileUrl });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ pointer: '/body/mapTileUrl', detail: expect.any(String) })]);
    expect(await consoleCsp()).not.toMatch(/evil|\*\.example|user/);
  });

  it('http is accepted for a tile server on this machine (tests, local tile servers)', async () => {
    expect(tileUrlProblem('http://127.0.0.1:8080/{z}/{x}/{y}.png')).toBeNull();
    expect(tileUrlProblem('http://localhost/{z}/{x}/{y}.png')).toBeNull();
    expect(tileOrigins('https://{s}.tile.example.org/{z}/{x}/{y}{r}.png')).toEqual([
      'https://a.tile.example.org',
      'https://b.tile.example.org',
      'https://c.tile.example.org',
    ]);
  });

  it('an attribution with HTML or over 200 characters is refused', async () => {
    for (const mapAttribution of ['<a href="https://example.org">OSM</a>', 'x'.repeat(201), 'zwei\nZeilen']) {
      const res = await patch(owner, { mapAttribution });
      expect(res.statusCode, mapAttribution).toBe(400);
      expect(res.json().errors[0].pointer).toBe('/body/mapAttribution');
    }
  });
});

describe('the console CSP allows exactly the configured tile servers', () => {
  it('img-src has the origin after the setting is made and not before; nothing else changes', async () => {
    const other = await t.createTenant('kachelhausen', 'Kachelhausen');
    const otherOwner = await t.login('owner@kachelhausen.test');
    const before = await consoleCsp();
    expect(before).not.toContain('kachelhausen');
    const res = await t.as(otherOwner, {
      method: 'PATCH',
      url: `/api/v1/tenants/${other.slug}`,
      payload: { mapTileUrl: 'https://{s}.kacheln.kachelhausen.example/{z}/{x}/{y}.png' },
    });
    expect(res.statusCode).toBe(200);
    // one header for every tenant (staff switch tenants without reloading the console): the three origins join the
    // ones other municipalities set, and nothing else in it changes
    const origins = (csp: string) =>
      csp
        .match(/img-src 'self' data:((?: https?:\/\/[^\s;]+)*);/)![1]
        .trim()
        .split(' ')
        .filter(Boolean);
    const added = ['https://a.kacheln.kachelhausen.example', 'https://b.kacheln.kachelhausen.example', 'https://c.kacheln.kachelhausen.example'];
    expect(await consoleCsp()).toBe(consoleCspWith([...origins(before), ...added].sort()));
    expect(consoleCspWith([])).toBe(
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    );
  });

  it('clearing the setting (null) removes the origin again', async () => {
    const [keeps, clears] = [await newTenant(t.deps), await newTenant(t.deps)];
    const set = async (town: TenantRow, payload: Record<string, unknown>) =>
      t.as(await t.login(`owner@${town.slug}.test`), { method: 'PATCH', url: `/api/v1/tenants/${town.slug}`, payload });
    expect((await set(keeps, { mapTileUrl: 'https://bleibt.example.org/{z}/{x}/{y}.png' })).statusCode).toBe(200);
    expect((await set(clears, { mapTileUrl: 'https://weg.example.org/{z}/{x}/{y}.png', mapAttribution: '© Weg' })).statusCode).toBe(200);
    expect(await consoleCsp()).toContain('https://weg.example.org');
    const res = await set(clears, { mapTileUrl: null, mapAttribution: '' });
    expect(res.json()).toMatchObject({ mapTileUrl: null, mapAttribution: null });
    const csp = await consoleCsp();
    expect(csp).not.toContain('weg.example.org');
    expect(csp).toContain('https://bleibt.example.org');
    const clearsOwner = await t.login(`owner@${clears.slug}.test`);
    expect((await t.as(clearsOwner, { method: 'GET', url: `/api/v1/tenants/${clears.slug}/map` })).json()).toMatchObject({
      tileUrl: null,
      attribution: null,
      source: 'none',
    });
  });
});

describe('the installation default (CIVICAST_MAP_TILE_URL)', () => {
  it('applies to tenants without their own tile URL, is in the CSP, and the tenant setting wins', async () => {
    const inst = await createTestApp({
      env: { CIVICAST_MAP_TILE_URL: 'https://karten.installation.example/{z}/{x}/{y}.png', CIVICAST_MAP_ATTRIBUTION: '© Landesamt' },
    });
    try {
      const session = await inst.loginOwner();
      expect(await consoleCsp(inst)).toContain(' https://karten.installation.example;');
      const map = () => inst.as(session, { method: 'GET', url: `${tenantUrl}/map` }).then((r) => r.json());
      expect(await map()).toMatchObject({ tileUrl: 'https://karten.installation.example/{z}/{x}/{y}.png', attribution: '© Landesamt', source: 'installation' });
      await inst.as(session, { method: 'PATCH', url: tenantUrl, payload: { mapTileUrl: 'https://eigene.example/{z}/{x}/{y}.png' } });
      expect(await map()).toMatchObject({
        tileUrl: 'https://eigene.example/{z}/{x}/{y}.png',
        attribution: null,
        source: 'tenant',
        installation: { tileUrl: 'https://karten.installation.example/{z}/{x}/{y}.png' },
      });
      expect(await consoleCsp(inst)).toContain('https://eigene.example');
    } finally {
      await inst.close();
    }
  });

  it('an unusable default stops the start with a sentence naming the variable', () => {
    const env = { CIVICAST_DATA_DIR: '.test-tmp', CIVICAST_SECRET_KEY: Buffer.alloc(32, 1).toString('base64') };
    expect(() => loadConfig({ ...env, CIVICAST_MAP_TILE_URL: "https://x.example/{z}/{x}/{y}.png'" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, CIVICAST_MAP_TILE_URL: 'http://x.example/{z}/{x}/{y}.png' })).toThrow(/CIVICAST_MAP_TILE_URL: must start with https/);
    expect(loadConfig({ ...env, CIVICAST_MAP_TILE_URL: '' }).map).toEqual({ tileUrl: null, attribution: null });
  });
});
