// CAP 1.2 out: every version of a warning (alert, update, cancel, an exercise) is a document valid against the OASIS
// XSD (xmllint), with offsets instead of Z, "lat,lon" polygons and "sender,identifier,sent" references; the Atom index
// lists the current warnings and links each document. Without xmllint the test fails in CI and skips elsewhere.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { TOWN } from '../../../../test/helpers/geo.ts';
import { area, newTenant, resident } from '../../../../test/helpers/factories.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { capDateTime } from './index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../../../../test/fixtures/conformance/cap');
const XSD = path.join(fixtures, 'CAP-v1.2.xsd');
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
if (!hasXmllint && process.env.CI === 'true') throw new Error('xmllint is missing: install Debian libxml2-utils (CI validates CAP output with it)');
if (!hasXmllint) console.warn('warnings.cap.test: xmllint not found (apt-get install libxml2-utils); the XSD checks are skipped');
const withXmllint = hasXmllint ? it : it.skip;

/** xmllint's verdict on a document (read from stdin): null when valid, else its complaint. */
function validate(xml: string): string | null {
  const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD, '-'], { input: xml, encoding: 'utf8' });
  return run.status === 0 ? null : run.stderr;
}

let t: TestApp;
let tenant: TenantRow;
let owner: Session;
const ZONE = {
  type: 'Polygon',
  coordinates: [
    [
      [10.001, 50.001],
      [10.01, 50.001],
      [10.01, 50.01],
      [10.001, 50.001],
    ],
  ],
};

beforeAll(async () => {
  t = await createTestApp();
  tenant = await newTenant(t.deps);
  await area(t.deps, tenant, 'Stadtgebiet', TOWN);
  await resident(t.deps, tenant, { phone: '+491701234001', channels: ['sms'], lat: 50.004, lng: 10.006 });
  owner = await t.login(`owner@${tenant.slug}.test`);
});
afterAll(async () => {
  await t?.close();
});

const url = (p = '') => `/api/v1/tenants/${tenant.slug}/warnings${p}`;
const capOf = async (capUrl: string) => {
  const res = await t.app.inject({ method: 'GET', url: new URL(capUrl).pathname });
  expect(res.statusCode, res.body).toBe(200);
  return res;
};
const issue = async (body: object) => {
  const res = await t.as(owner, {
    method: 'POST',
    url: url(),
    payload: {
      severity: 'moderate',
      event: 'Sturm',
      headline: 'Sturmböen <bis 100 km/h> & mehr',
      description: 'Bäume können umstürzen.',
      instruction: 'Bleiben Sie im Haus.',
      onset: '2099-11-30T10:00:00+01:00',
      expiresAt: '2099-11-30T18:00:00+01:00',
      area: { kind: 'polygon', polygon: ZONE, description: 'Nordstadt' },
      languages: { en: { event: 'Storm', headline: 'Gale-force gusts', description: 'Trees may fall.', instruction: 'Stay indoors.' } },
      ...body,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

describe('CAP 1.2 documents', { shuffle: false }, () => {
  let alert: { id: string; capUrl: string };

  withXmllint('the validation harness accepts the specification’s example and refuses a `sent` in Z', () => {
    expect(validate(readFileSync(path.join(fixtures, 'cap_amber_alert_example.xml'), 'utf8'))).toBeNull();
    expect(validate(readFileSync(path.join(fixtures, 'NEGATIVE_amber_sent_with_Z.xml'), 'utf8'))).toContain('sent');
  });

  it('an alert is served as XML with an ETag and a Cache-Control, and a repeat with the ETag is a 304', async () => {
    alert = await issue({});
    const res = await capOf(alert.capUrl);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.headers['cache-control']).toMatch(/public/);
    const again = await t.app.inject({ method: 'GET', url: new URL(alert.capUrl).pathname, headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  withXmllint('an alert validates against the XSD, with offsets, a lat,lon polygon and escaped text', async () => {
    const xml = (await capOf(alert.capUrl)).body;
    expect(validate(xml)).toBeNull();
    expect(xml).toContain('<msgType>Alert</msgType>');
    expect(xml).toContain('<onset>2099-11-30T10:00:00+01:00</onset>');
    expect(xml).toMatch(/<sent>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d<\/sent>/);
    expect(xml).toContain('<polygon>50.001,10.001 50.001,10.01 50.01,10.01 50.001,10.001</polygon>');
    expect(xml).toContain('Sturmböen &lt;bis 100 km/h&gt; &amp; mehr');
    expect(xml).toContain('<language>en-GB</language>');
  });

  withXmllint('an update and a cancel validate and refer to the earlier versions as sender,identifier,sent', async () => {
    const update = (await t.as(owner, { method: 'POST', url: url(`/${alert.id}/update`), payload: { severity: 'severe' } })).json();
    const updateXml = (await capOf(update.capUrl)).body;
    expect(validate(updateXml)).toBeNull();
    const alertXml = (await capOf(alert.capUrl)).body;
    const sender = /<sender>([^<]+)<\/sender>/.exec(alertXml)![1];
    const sent = /<sent>([^<]+)<\/sent>/.exec(alertXml)![1];
    expect(updateXml).toContain(`<references>${sender},urn:civicast:${tenant.slug}:${alert.id},${sent}</references>`);
    const cancel = (await t.as(owner, { method: 'POST', url: url(`/${alert.id}/cancel`), payload: { reason: 'Fehlalarm' } })).json();
    const cancelXml = (await capOf(cancel.capUrl)).body;
    expect(validate(cancelXml)).toBeNull();
    expect(cancelXml).toContain('<msgType>Cancel</msgType>');
    expect((cancelXml.match(/urn:civicast:/g) ?? []).length).toBe(3); // its own identifier and two references
  });

  withXmllint('an exercise and its all-clear validate, marked Exercise, the whole municipality as the area', async () => {
    const exercise = await issue({ status: 'exercise', area: { kind: 'tenant' } });
    const xml = (await capOf(exercise.capUrl)).body;
    expect(validate(xml)).toBeNull();
    expect(xml).toContain('<status>Exercise</status>');
    expect(xml).toContain(`<areaDesc>${tenant.name}</areaDesc>`);
    const clear = (await t.as(owner, { method: 'POST', url: url(`/${exercise.id}/all-clear`), payload: {} })).json();
    const clearXml = (await capOf(clear.capUrl)).body;
    expect(validate(clearXml)).toBeNull();
    expect(clearXml).toContain('<responseType>AllClear</responseType>');
  });

  it('the Atom index lists the current warnings and links each CAP document', async () => {
    const current = await issue({ headline: 'Glatteis' });
    const res = await t.app.inject({ method: 'GET', url: `/m/${tenant.slug}/alerts.atom` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(res.body).toContain(`<link rel="alternate" type="application/cap+xml" href="${current.capUrl}"/>`);
    expect(res.body).toContain('<title>Glatteis</title>');
    // the cancelled alert and the exercise that got its all-clear are not current
    expect(res.body).not.toContain(alert.id);
  });

  it('an unknown document or municipality is a 404', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/m/${tenant.slug}/alerts/00000000-0000-4000-8000-000000000000.cap.xml` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/m/${tenant.slug}/alerts/nothing.xml` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/m/no-such-town/alerts.atom' })).statusCode).toBe(404);
  });
});

describe('CAP date and time', () => {
  it('carries the municipality’s offset, in winter and in summer, never Z', () => {
    expect(capDateTime(new Date('2026-11-30T09:00:00Z'), 'Europe/Berlin')).toBe('2026-11-30T10:00:00+01:00');
    expect(capDateTime(new Date('2026-07-01T09:00:00Z'), 'Europe/Berlin')).toBe('2026-07-01T11:00:00+02:00');
    expect(capDateTime(new Date('2026-07-01T09:00:00Z'), 'UTC')).toBe('2026-07-01T09:00:00+00:00');
  });
});
