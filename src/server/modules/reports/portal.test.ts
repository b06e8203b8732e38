// The portal's report pages as a browser without JavaScript uses them (form posts through app.inject, multipart with
// a real JPEG), on a real database: filing, errors at their fields in German, the nearby step, follow, reopen, the
// public pages without personal data, same-origin and flood refusals, and the JSON the map script asks.
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { resident, residentSession, streets, testActor } from '../../../../test/helpers/factories.ts';
import { esc, portalBrowser } from '../../../../test/helpers/portal.ts';
import { choiceField } from '../../../../test/helpers/reports.ts';
import { reportCategoryInput } from '../../../common/contracts/reports.ts';
import { decryptSecret } from '../../platform/auth/crypto.ts';
import { queryRows } from '../../platform/db/client.ts';
import de from '../portal/i18n/de.json' with { type: 'json' };
import en from '../portal/i18n/en.json' with { type: 'json' };
import { createCategory } from './categories.service.ts';
import { REPORT_FORM_LIMITS } from './portal.routes.ts';
import { changeStatus, reviewPhoto } from './reports.service.ts';

let t: TestApp;
let lindenallee: string;
let ownerId: string;
const base = '/m/musterstadt/reports';
const LINDEN_3 = { lat: 51.5, lng: 7.4 };

beforeAll(async () => {
  t = await createTestApp();
  const list = await streets(t.deps, t.tenant, 'Straße;Hausnummern;PLZ\nLindenallee;;12345\nHauptstraße;;12345\n');
  lindenallee = list.find((s) => s.name === 'Lindenallee')!.id;
  const haupt = list.find((s) => s.name === 'Hauptstraße')!.id;
  await t.deps.db.withTenant(t.tenant.id, (tx) =>
    tx.execute(sql`insert into street_points (tenant_id, street_id, house_number, lat, lng) values
      (${t.tenant.id}, ${lindenallee}, '3', ${LINDEN_3.lat}, ${LINDEN_3.lng}),
      (${t.tenant.id}, ${lindenallee}, '', 51.501, 7.401),
      (${t.tenant.id}, ${haupt}, '', 51.51, 7.42)`),
  );
  const category = (input: Record<string, unknown>) => createCategory(t.deps, testActor, t.tenant, reportCategoryInput.parse(input));
  await category({ code: 'strassenschaden', name: 'Straßenschaden', description: 'Schlaglöcher, Risse' });
  await category({
    code: 'beleuchtung',
    name: 'Beleuchtung',
    fields: [{ code: 'mastnummer', datatype: 'string', label: 'Mastnummer', required: true }],
  });
  await category({ code: 'muell', name: 'Müll', fields: [choiceField('art', 'Art', true, { sperrmuell: 'Sperrmüll', wild: 'Wilder Müll' })] });
  ownerId = await t.createStaff(t.tenant, 'reports-owner@musterstadt.test', 'owner');
});
afterAll(async () => {
  await t?.close();
});

type Part = [name: string, value: string] | [name: string, file: { filename: string; type: string; data: Buffer }];

/** A multipart/form-data body as a browser sends the form (fields, then files). */
function multipart(parts: Part[]) {
  const boundary = '----civicastTestBoundary7MA4YWxkTrZu0gW';
  const chunks: Buffer[] = [];
  for (const [name, value] of parts) {
    if (typeof value === 'string') chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    else {
      chunks.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.filename}"\r\nContent-Type: ${value.type}\r\n\r\n`),
      );
      chunks.push(value.data, Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const jpeg = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#c03030' } })
    .jpeg()
    .toBuffer();

function postForm(ip: string, parts: Part[], headers: Record<string, string> = { origin: t.deps.config.publicUrl }, cookie?: string) {
  const body = multipart(parts);
  return t.app.inject({
    method: 'POST',
    url: base,
    remoteAddress: ip,
    payload: body.payload,
    headers: { 'content-type': body.contentType, ...(cookie ? { cookie } : {}), ...headers },
  });
}

/** A complete report at Lindenallee 3 (street and house number, as without JavaScript). */
const complete = (extra: Part[] = []): Part[] => [
  ['category', 'strassenschaden'],
  ['description', 'Tiefes Schlagloch vor der Einfahrt'],
  ['lat', ''],
  ['lng', ''],
  ['street', lindenallee],
  ['houseNumber', '3'],
  ['website', ''],
  ...extra,
];

/** A report placed with the map's pin (lat and lng as the map script fills them in) instead of an address. */
const pinned = (category: string, description: string, at: { lat: number; lng: number }): Part[] => [
  ['category', category],
  ['description', description],
  ['lat', String(at.lat)],
  ['lng', String(at.lng)],
];
const MUNICH = { lat: 48.137, lng: 11.575 }; // far outside Musterstadt

/** Contact by e-mail, with consent to hear how the report goes on. */
const byEmail = (email: string): Part[] => [
  ['email', email],
  ['consent', 'yes'],
];
const ANONYMOUS: Part = ['anonymous', 'yes'];
/** "Trotzdem neu melden": file even with an open report of the category nearby. */
const FILE_ANYWAY: Part = ['confirmNew', 'yes'];

const reportRow = (number: number) =>
  queryRows<{
    id: string;
    lat: number;
    lng: number;
    address: string;
    contactKind: string;
    contactEnc: string | null;
    description: string;
    status: string;
    photos: number;
  }>(
    t.deps.db.system,
    sql`select r.id, r.lat, r.lng, r.address, r.contact_kind as "contactKind", r.contact_enc as "contactEnc", r.description, r.status,
               (select count(*)::int from report_photos p where p.report_id = r.id) as photos
          from reports r where r.number = ${number}`,
  ).then((rows) => rows[0]);

const numberFrom = (location: string | undefined) => Number(/\/reports\/(\d+)\/filed/.exec(location ?? '')?.[1]);

describe('the report form without JavaScript', () => {
  it('is linked from the start page and asks in German for category, description, place, photos and contact', async () => {
    const start = await t.app.inject({ method: 'GET', url: '/m/musterstadt/' });
    expect(start.body).toContain('href="/m/musterstadt/reports/new"');
    expect(start.body).toContain('href="/m/musterstadt/reports"');
    const page = await t.app.inject({ method: 'GET', url: `${base}/new` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    for (const key of [
      'reports.category',
      'reports.description',
      'reports.street',
      'reports.photosLabel',
      'reports.email',
      'reports.anonymousHint',
      'reports.submit',
    ] as const)
      expect(page.body).toContain(esc(de[key]));
    for (const id of [
      'category',
      'description',
      'lat',
      'lng',
      'street',
      'house-number',
      'photos',
      'contact-email',
      'contact-phone',
      'anonymous',
      'consent',
      'report-map',
    ])
      expect(page.body).toContain(`id="${id}"`);
    expect(page.body).toMatch(/<form id="report-form" method="post" action="\/m\/musterstadt\/reports" enctype="multipart\/form-data"/);
    expect(page.body).toContain('<option value="beleuchtung" data-fields="1">Beleuchtung</option>');
    expect(page.body).toContain('>Lindenallee</option>');
    // the map is only on the report pages; Leaflet comes from this site
    expect(page.body).toContain('src="/m/assets/leaflet/');
    expect(start.body).not.toContain('/m/assets/leaflet/');
  });

  it('speaks English with ?lang=en and keeps the language in the form and its links', async () => {
    const page = await t.app.inject({ method: 'GET', url: `${base}/new?lang=en` });
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain(esc(en['reports.newTitle']));
    expect(page.body).toContain('action="/m/musterstadt/reports?lang=en"');
    const list = await t.app.inject({ method: 'GET', url: base, headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(list.body).toContain(`<h1>${esc(en['reports.title'])}</h1>`);
  });

  it('"Weiter" reloads the form with the chosen category\'s extra fields and keeps what was typed', async () => {
    const page = await t.app.inject({ method: 'GET', url: `${base}/new?category=muell&description=${encodeURIComponent('Sofa am <Weg>')}&step=category` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<option value="muell" data-fields="1" selected>');
    expect(page.body).toMatch(/<select id="attr-art" name="attr.art" required>/);
    expect(page.body).toContain('<option value="sperrmuell">Sperrmüll</option>');
    expect(page.body).toContain('>Sofa am &lt;Weg&gt;</textarea>');
  });

  it('files a report with a photo from street and house number, then confirms it with its number', async () => {
    const res = await postForm('10.41.0.1', [
      ...complete(byEmail('erna@example.org')),
      ['photos', { filename: 'schlagloch.jpg', type: 'image/jpeg', data: await jpeg() }],
    ]);
    expect(res.statusCode).toBe(303);
    const number = numberFrom(res.headers.location as string);
    expect(number).toBeGreaterThan(0);
    const done = await t.app.inject({ method: 'GET', url: res.headers.location as string });
    expect(done.body).toContain(`<strong id="report-number">${number}</strong>`);
    expect(done.body).toContain(esc(de['reports.filedContact']));
    const row = await reportRow(number);
    expect(row).toMatchObject({ lat: LINDEN_3.lat, lng: LINDEN_3.lng, address: 'Lindenallee 3', contactKind: 'email', photos: 1, status: 'received' });
    // the address is sealed, never stored as typed
    expect(row.contactEnc).not.toContain('erna');
    // the photo waits for staff; once approved, the report page shows its thumbnail linking to the full size
    const [photo] = await queryRows<{ id: string }>(t.deps.db.system, sql`select id from report_photos where report_id = ${row.id}`);
    const before = await t.app.inject({ method: 'GET', url: `${base}/${number}` });
    expect(before.body).not.toContain(photo.id);
    await reviewPhoto(t.deps, testActor, { tenant: t.tenant, userId: ownerId, role: 'owner' }, row.id, photo.id, 'approved');
    const after = await t.app.inject({ method: 'GET', url: `${base}/${number}` });
    expect(after.body).toContain(`<a href="/m/musterstadt/reports/photos/${photo.id}.jpg"><img src="/m/musterstadt/reports/photos/${photo.id}-thumb.jpg"`);
  });

  it('an empty post comes back with status 400, every missing field named in German and linked from the summary', async () => {
    const res = await postForm('10.41.0.2', [
      ['category', ''],
      ['description', ''],
      ['street', ''],
      ['email', 'erna@'],
    ]);
    expect(res.statusCode).toBe(400);
    for (const key of ['reports.errCategory', 'reports.errDescription', 'reports.errLocation', 'reports.errEmail', 'reports.errConsent'] as const)
      expect(res.body).toContain(esc(de[key]));
    expect(res.body).toContain(esc(de['reports.errorsTitle']));
    for (const id of ['category', 'description', 'street', 'contact-email']) {
      expect(res.body).toContain(`<a href="#${id}">`);
      expect(res.body).toMatch(new RegExp(`id="${id}"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*${id}-error`));
    }
    expect(res.body).toContain('value="erna@"');
  });

  it('an unknown category, a description over 4,000 characters and a place outside the town are refused at their fields', async () => {
    const unknown = await postForm('10.41.0.3', pinned('gibtsnicht', 'x'.repeat(4001), MUNICH));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain(esc(de['reports.errCategoryUnknown']));
    expect(unknown.body).toContain('Die Beschreibung ist 4.001 Zeichen lang; höchstens 4.000 sind möglich.');
    const outside = await postForm('10.41.0.3', pinned('strassenschaden', 'Schlagloch in München', MUNICH));
    expect(outside.statusCode).toBe(400);
    expect(outside.body).toContain('Dieser Ort liegt außerhalb von Musterstadt.');
    expect(outside.body).toContain('>Schlagloch in München</textarea>');
  });

  it("a category's required and choice fields are checked, with the values kept", async () => {
    const res = await postForm('10.41.0.4', [
      ['category', 'muell'],
      ['description', 'Müll am Weg'],
      ['attr.art', 'atommuell'],
      ['street', lindenallee],
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(esc(de['reports.errChoice']));
    expect(res.body).toContain('<a href="#attr-art">Art: ');
    const missing = await postForm('10.41.0.4', [
      ['category', 'beleuchtung'],
      ['description', 'Laterne aus'],
      ['street', lindenallee],
    ]);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain(esc(de['reports.errRequired']));
    expect(missing.body).toMatch(/id="attr-mastnummer"[^>]*aria-invalid="true"/);
  });

  it('a file that is not an image and more than five photos are refused, and the page asks for the photos again', async () => {
    const text = await postForm('10.41.0.5', [
      ...complete([ANONYMOUS]),
      FILE_ANYWAY,
      ['photos', { filename: 'foto.jpg', type: 'image/jpeg', data: Buffer.from('das ist kein bild') }],
    ]);
    expect(text.statusCode).toBe(400);
    expect(text.body).toContain('Foto 1 ist kein Bild im Format JPEG, PNG, WebP, GIF oder HEIC.');
    expect(text.body).toContain(esc(de['reports.photosAgain']));
    expect(text.body).toContain('>Tiefes Schlagloch vor der Einfahrt</textarea>');
    const photo = await jpeg();
    const six: Part[] = Array.from({ length: 6 }, (_, i) => ['photos', { filename: `f${i}.jpg`, type: 'image/jpeg', data: photo }] as Part);
    const many = await postForm('10.41.0.5', [...complete(), FILE_ANYWAY, ...six]);
    expect(many.statusCode).toBe(400);
    expect(many.body).toContain(esc(de['reports.errPhotoCount']));
  });

  it('HTML in a description is shown as text on the report page, and no public page shows the reporter', async () => {
    const res = await postForm('10.41.0.6', [
      ...pinned('strassenschaden', '<script>alert(1)</script> Gullydeckel <b>fehlt</b>', { lat: 51.5095, lng: 7.4195 }),
      ...byEmail('geheim.person@example.org'),
      FILE_ANYWAY,
    ]);
    expect(res.statusCode).toBe(303);
    const number = numberFrom(res.headers.location as string);
    const page = await t.app.inject({ method: 'GET', url: `${base}/${number}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Gullydeckel &lt;b&gt;fehlt&lt;/b&gt;');
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('id="report-status"');
    expect(page.body).toContain(esc(de['reports.status.received']));
    const list = await t.app.inject({ method: 'GET', url: base });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`data-number="${number}"`);
    for (const body of [page.body, list.body]) {
      expect(body).not.toContain('geheim.person');
      expect(body).not.toContain('<script>alert');
    }
  });

  it('a post from another site is refused and nothing is stored', async () => {
    const before = await queryRows<{ n: number }>(t.deps.db.system, sql`select count(*)::int as n from reports`);
    const res = await postForm('10.41.0.7', [...complete(), FILE_ANYWAY], { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain(esc(de.forbiddenText));
    const after = await queryRows<{ n: number }>(t.deps.db.system, sql`select count(*)::int as n from reports`);
    expect(after[0].n).toBe(before[0].n);
  });
});

describe('already reported?', () => {
  it('a report near an open one of the same category first shows it to follow; "Trotzdem neu melden" files anyway', async () => {
    const first = await postForm('10.42.0.1', [
      ...pinned('beleuchtung', 'Laterne flackert', { lat: 51.5061, lng: 7.4061 }),
      ['attr.mastnummer', 'L-17'],
      ANONYMOUS,
    ]);
    expect(first.statusCode).toBe(303);
    const original = numberFrom(first.headers.location as string);
    const second: Part[] = [
      ...pinned('beleuchtung', 'Laterne kaputt', { lat: 51.50612, lng: 7.40612 }),
      ['attr.mastnummer', 'L-17'],
      ...byEmail('nachbar@example.org'),
    ];
    const nearby = await postForm('10.42.0.2', second);
    expect(nearby.statusCode).toBe(200);
    expect(nearby.body).toContain(`<h1>${esc(de['reports.nearbyTitle'])}</h1>`);
    expect(nearby.body).toContain(`action="/m/musterstadt/reports/${original}/follow"`);
    expect(nearby.body).toContain('<input type="hidden" name="email" value="nachbar@example.org">');
    expect(nearby.body).toContain('<input type="hidden" name="confirmNew" value="yes">');
    expect(nearby.body).toContain(esc(de['reports.nearbyNew']));
    const again = await postForm('10.42.0.2', [...second, FILE_ANYWAY]);
    expect(again.statusCode).toBe(303);
    expect(numberFrom(again.headers.location as string)).not.toBe(original);
  });

  it('the map script gets the nearby reports and address matches as JSON', async () => {
    const filed = await postForm('10.42.0.3', [
      ...pinned('muell', 'Säcke im Gebüsch', { lat: 51.503, lng: 7.41 }),
      ['attr.art', 'wild'],
      ANONYMOUS,
      FILE_ANYWAY,
    ]);
    expect(filed.statusCode).toBe(303);
    const near = await t.app.inject({ method: 'GET', url: `${base}/nearby?category=muell&lat=51.50301&lng=7.41001` });
    expect(near.statusCode).toBe(200);
    const { items } = near.json() as { items: Array<{ number: number; statusText: string; href: string }> };
    expect(items[0]).toMatchObject({ number: numberFrom(filed.headers.location as string), statusText: 'eingegangen' });
    expect(items[0].href).toBe(`/m/musterstadt/reports/${items[0].number}`);
    const search = await t.app.inject({ method: 'GET', url: `${base}/address-search?q=${encodeURIComponent('Lindenallee 3')}` });
    expect(search.statusCode).toBe(200);
    expect(search.json().items[0]).toEqual({ label: 'Lindenallee 3, 12345', lat: LINDEN_3.lat, lng: LINDEN_3.lng });
    const unknown = await t.app.inject({ method: 'GET', url: `${base}/address-search?q=x&evil=1` });
    expect(unknown.statusCode).toBe(400);
  });
});

describe('follow and reopen', () => {
  it('anyone with an e-mail address and consent can follow an open report', async () => {
    const filed = await postForm('10.43.0.1', [...complete([ANONYMOUS]), FILE_ANYWAY]);
    const number = numberFrom(filed.headers.location as string);
    const browser = portalBrowser(t, '10.43.0.2');
    const noConsent = await browser.post(`${base}/${number}/follow`, { email: 'folger@example.org' });
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.body).toContain(esc(de['reports.errConsent']));
    const ok = await browser.post(`${base}/${number}/follow`, { email: 'folger@example.org', consent: 'yes' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain(`Sie folgen jetzt Meldung Nr. ${number}.`);
    const rows = await queryRows<{ n: number }>(
      t.deps.db.system,
      sql`select count(*)::int as n from report_followers f join reports r on r.id = f.report_id where r.number = ${number} and f.contact_kind = 'email'`,
    );
    expect(rows[0].n).toBe(1);
    const evil = await browser.post(`${base}/${number}/follow`, { email: 'x@example.org', consent: 'yes' }, { origin: 'https://evil.example' });
    expect(evil.statusCode).toBe(403);
  });

  it('the signed-in reporter reopens a resolved report within the period, not after it', async () => {
    const residentId = await resident(t.deps, t.tenant, { phone: '+491701112233' });
    const cookie = await residentSession(t.deps, t.tenant, residentId);
    const filed = await postForm('10.44.0.1', [...complete(), FILE_ANYWAY], { origin: t.deps.config.publicUrl }, cookie);
    expect(filed.statusCode).toBe(303);
    const number = numberFrom(filed.headers.location as string);
    const row = await reportRow(number);
    expect(row.contactKind).toBe('resident');
    await changeStatus(t.deps, testActor, { tenant: t.tenant, userId: ownerId, role: 'owner' }, row.id, {
      status: 'resolved',
      publicComment: 'Das Loch ist geflickt.',
    });

    const stranger = await t.app.inject({ method: 'GET', url: `${base}/${number}` });
    expect(stranger.body).not.toContain('id="reopen-form"');
    expect(stranger.body).toContain('Das Loch ist geflickt.');
    const page = await t.app.inject({ method: 'GET', url: `${base}/${number}`, headers: { cookie } });
    expect(page.body).toContain('id="reopen-form"');
    expect(page.body).toContain(esc(de['reports.status.resolved']));

    const post = (reason: string) =>
      t.app.inject({
        method: 'POST',
        url: `${base}/${number}/reopen`,
        remoteAddress: '10.44.0.1',
        payload: new URLSearchParams({ reason }).toString(),
        headers: { cookie, origin: t.deps.config.publicUrl, 'content-type': 'application/x-www-form-urlencoded' },
      });
    const empty = await post('  ');
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain(esc(de['reports.errReason']));
    const reopened = await post('Das Loch ist wieder da.');
    expect(reopened.statusCode).toBe(200);
    expect(reopened.body).toContain(`Meldung Nr. ${number} ist wieder offen.`);
    expect((await reportRow(number)).status).toBe('received');
    // the history in words: received, resolved, reported again; the reporter is not offered to follow their own report
    const history = /<ol class="report-history">(.*?)<\/ol>/s.exec(reopened.body)![1];
    expect(history).toContain(esc(de['reports.status.resolved']));
    expect(history).toContain(esc(de['reports.historyReopened']));
    expect(reopened.body).not.toContain('id="follow-form"');

    await changeStatus(t.deps, testActor, { tenant: t.tenant, userId: ownerId, role: 'owner' }, row.id, { status: 'resolved' });
    await t.deps.db.system.execute(sql`update reports set closed_at = now() - interval '15 days' where id = ${row.id}`);
    const late = await t.app.inject({ method: 'GET', url: `${base}/${number}`, headers: { cookie } });
    expect(late.body).not.toContain('id="reopen-form"');
    const refused = await post('Immer noch kaputt.');
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain(esc(de['reports.reopenRefused']));
    expect((await reportRow(number)).status).toBe('resolved');
  });
  it('a reporter known by e-mail only reopens from the link in the "resolved" message, nobody else with a made-up key', async () => {
    const filed = await postForm('10.45.0.1', [...complete(byEmail('ohne.konto@example.org')), FILE_ANYWAY]);
    expect(filed.statusCode).toBe(303);
    const number = numberFrom(filed.headers.location as string);
    const row = await reportRow(number);
    await changeStatus(t.deps, testActor, { tenant: t.tenant, userId: ownerId, role: 'owner' }, row.id, { status: 'resolved' });
    // the message as the mailbox gets it (the sealed original) links the report with the key; staff see it masked
    const [sent] = await queryRows<{ text: string; sealed: string | null }>(
      t.deps.db.system,
      sql`select text, sealed from messages where tenant_id = ${t.tenant.id} and kind = 'transactional' and text like ${`%Nr. ${number}%neuen Stand%`}`,
    );
    expect(sent.sealed).not.toBeNull();
    const original = JSON.parse(decryptSecret(t.deps.config.secretKey, sent.sealed!)) as { text: string };
    const link = new RegExp(`/m/musterstadt/reports/${number}\\?key=([A-Za-z0-9_-]{22})`).exec(original.text);
    expect(link).not.toBeNull();
    expect(sent.text).not.toContain(link![1]);

    const withKey = await t.app.inject({ method: 'GET', url: `${base}/${number}?key=${link![1]}` });
    expect(withKey.body).toContain('id="reopen-form"');
    const madeUp = await t.app.inject({ method: 'GET', url: `${base}/${number}?key=${'A'.repeat(22)}` });
    expect(madeUp.body).not.toContain('id="reopen-form"');
    const post = (key: string) =>
      t.app.inject({
        method: 'POST',
        url: `${base}/${number}/reopen`,
        remoteAddress: '10.45.0.2',
        payload: new URLSearchParams({ reason: 'Wieder kaputt.', key }).toString(),
        headers: { origin: t.deps.config.publicUrl, 'content-type': 'application/x-www-form-urlencoded' },
      });
    expect((await post('A'.repeat(22))).statusCode).toBe(403);
    expect((await reportRow(number)).status).toBe('resolved');
    const reopened = await post(link![1]);
    expect(reopened.statusCode).toBe(200);
    expect((await reportRow(number)).status).toBe('received');
  });
});

describe('limits and settings', () => {
  it('one contact files at most five reports an hour; the sixth gets a 429 page in German with the values kept', async () => {
    const parts = (i: number): Part[] => [...complete(byEmail('flut@example.org')), FILE_ANYWAY, ['description', `Meldung ${i}`]];
    for (let i = 0; i < REPORT_FORM_LIMITS.perContactPerHour; i++) expect((await postForm(`10.45.${i}.1`, parts(i))).statusCode).toBe(303);
    const refused = await postForm('10.45.9.1', parts(9));
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.body).toContain(esc(de['reports.errLimited']));
  });

  it('one address range files at most ten reports an hour', async () => {
    const anon: Part[] = [...complete([ANONYMOUS]), FILE_ANYWAY];
    for (let i = 0; i < REPORT_FORM_LIMITS.perRangePerHour; i++) expect((await postForm(`10.46.0.${i + 1}`, anon)).statusCode).toBe(303);
    expect((await postForm('10.46.0.200', anon)).statusCode).toBe(429);
  });

  it('a municipality that does not publish reports says so on the list; the form still works', async () => {
    const other = await t.createTenant('schweigestadt', 'Schweigestadt');
    await t.deps.db.system.execute(
      sql`update tenants set reports_settings = ${JSON.stringify({ duplicateRadiusM: 50, reopenDays: 14, publicMap: false })}::jsonb where id = ${other.id}`,
    );
    const list = await t.app.inject({ method: 'GET', url: '/m/schweigestadt/reports' });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Schweigestadt veröffentlicht keine Liste der Meldungen.');
    expect(list.body).not.toContain('id="reports-map"');
    const form = await t.app.inject({ method: 'GET', url: '/m/schweigestadt/reports/new' });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('id="report-form"');
  });

  it("Leaflet is served from this site for a year; the page allows only the tenant's tile server", async () => {
    const page = await t.app.inject({ method: 'GET', url: `${base}/new` });
    const src = /src="(\/m\/assets\/leaflet\/[^"]+\/leaflet\.js)"/.exec(page.body)![1];
    const js = await t.app.inject({ method: 'GET', url: src });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.headers['cache-control']).toContain('immutable');
    const icon = await t.app.inject({ method: 'GET', url: src.replace('leaflet.js', 'images/marker-icon.png') });
    expect(icon.headers['content-type']).toBe('image/png');
    expect((await t.app.inject({ method: 'GET', url: src.replace('leaflet.js', '../../../etc/passwd') })).statusCode).toBe(404);
    expect(page.headers['content-security-policy']).toContain("img-src 'self' data:;");
    const tiled = await t.createTenant('kartenstadt', 'Kartenstadt');
    await t.deps.db.system.execute(sql`update tenants set map_tile_url = 'https://{s}.tiles.example.org/{z}/{x}/{y}.png' where id = ${tiled.id}`);
    const withTiles = await t.app.inject({ method: 'GET', url: '/m/kartenstadt/reports/new' });
    expect(withTiles.headers['content-security-policy']).toContain(
      "img-src 'self' data: https://a.tiles.example.org https://b.tiles.example.org https://c.tiles.example.org;",
    );
    expect(withTiles.body).toContain('data-tiles="https://{s}.tiles.example.org/{z}/{x}/{y}.png"');
  });
});
