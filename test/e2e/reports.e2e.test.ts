// A report from a resident to the town hall and back, one story in order: a resident files a report about a dark street
// lamp on the portal with a phone photo (EXIF with a GPS position) and a pin dropped on the map; staff find it on the
// console's map and list, take it over, approve the photo and resolve it with a public comment; the resident gets the
// status message (the dev outbox, read as the operator) and sees "erledigt" and the comment on the report's page; the
// stored photo, fetched from the public and the staff URL, has no metadata left. Then the same form with JavaScript
// off: street and house number instead of the pin.
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import portalDe from '../../src/server/modules/portal/i18n/de.json' with { type: 'json' };
import { type Civicast, checkA11y, browserSessionForFile } from './helpers.ts';
import { type Staff, signInAt, staffSignIn } from './session.ts';

const BASE = '/m/musterstadt';
const REPORTER = 'e2e.melderin@example.org';
const DESCRIPTION = 'Die Laterne am Spielplatz ist seit zwei Nächten dunkel.';
const PUBLIC_COMMENT = 'Das Leuchtmittel wurde getauscht, die Laterne brennt wieder.';
const GPS_IFD_TAG = Buffer.from([0x25, 0x88]); // tag 0x8825 (GPSInfo) as an Intel-order EXIF stores it

let civicast: Civicast;
let staffPage: Page;
let thirdParty: string[];
let resident: Page;
/** The seeded owner through the API; also the installation operator, whose dev outbox stands in for the resident's mailbox. */
let staff: Staff;
let reportNumber = 0;
let reportId = '';

const url = (path: string) => `${civicast.baseUrl}${path}`;

/** A phone photo: camera and GPS position in its EXIF, as a phone stores them. */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 40, g: 44, b: 60 } } })
    .jpeg({ quality: 85 })
    .withExif({
      IFD0: { Make: 'Civiphone', Model: 'C1', Artist: 'Erika Mustermann' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '49/1 18/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '10/1 54/1 0/1' },
    })
    .toBuffer();
}

async function expectNoMetadata(bytes: Buffer, label: string) {
  const meta = await sharp(bytes).metadata();
  expect(meta.format, label).toBe('jpeg');
  expect(meta.exif, label).toBeUndefined();
  expect(meta.icc, label).toBeUndefined();
  expect(meta.xmp, label).toBeUndefined();
  expect(meta.iptc, label).toBeUndefined();
  expect(bytes.includes(Buffer.from('Civiphone', 'latin1')), label).toBe(false);
}

const session = browserSessionForFile({ demoContent: true }, async (s) => {
  ({ civicast, page: staffPage, thirdParty } = s);
  staff = await staffSignIn(civicast.baseUrl);
  resident = await session.newPage();
});

describe('a report from the portal to the town hall and back', { shuffle: false }, () => {
  it('a resident files a report with a phone photo and a pin on the map, and gets its number', async () => {
    const photo = await phonePhoto();
    expect((await sharp(photo).metadata()).exif?.includes(GPS_IFD_TAG), 'the photo carries a GPS position').toBe(true);

    await resident.goto(url(`${BASE}/reports/new`));
    await resident.locator('#report-form').waitFor();
    // a category with extra fields brings the form again with them ("Mastnummer" for a street lamp)
    await resident.locator('#category').selectOption('beleuchtung');
    await resident.waitForURL(/category=beleuchtung/);
    await resident.locator('#attr-mastnummer').fill('L-0815');
    await resident.locator('#description').fill(DESCRIPTION);
    // the map replaces street and house number when JavaScript runs; a click drops the pin
    const map = resident.locator('#report-map');
    await map.waitFor({ state: 'visible' });
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: box.width / 2 + 20, y: box.height / 2 + 10 } });
    await expect.poll(() => resident.locator('#lat').inputValue()).not.toBe('');
    const lat = Number(await resident.locator('#lat').inputValue());
    const lng = Number(await resident.locator('#lng').inputValue());
    expect(lat).toBeGreaterThan(49.28);
    expect(lat).toBeLessThan(49.32);
    expect(lng).toBeGreaterThan(10.87);
    expect(lng).toBeLessThan(10.93);
    await resident.locator('#photos').setInputFiles({ name: 'laterne.jpg', mimeType: 'image/jpeg', buffer: photo });
    await resident.locator('#contact-email').fill(REPORTER);
    await resident.locator('#consent').check();
    await checkA11y(resident, 'report form with a pin');
    await resident.locator('#report-submit').click();

    await resident.locator('#report-number').waitFor();
    reportNumber = Number(await resident.locator('#report-number').textContent());
    expect(reportNumber).toBeGreaterThan(1000);
    await checkA11y(resident, 'report filed');

    const list = await staff.api<{ items: Array<{ id: string; number: number; photoCount: number; pendingPhotos: number; lat: number; lng: number }> }>(
      'GET',
      `/reports?q=${reportNumber}`,
    );
    const filed = list.json.items.find((r) => r.number === reportNumber);
    expect(filed).toMatchObject({ photoCount: 1, pendingPhotos: 1 });
    expect(filed!.lat).toBeCloseTo(lat, 5);
    expect(filed!.lng).toBeCloseTo(lng, 5);
    reportId = filed!.id;
  });

  it('the photo is not public before staff approve it', async () => {
    const detail = await staff.api<{ photos: Array<{ id: string }> }>('GET', `/reports/${reportId}`);
    const res = await fetch(url(`${BASE}/reports/photos/${detail.json.photos[0].id}.jpg`));
    expect(res.status).toBe(404);
  });

  it('staff see it on the console’s map and in the list', async () => {
    await signInAt(staffPage, url('/admin/t/musterstadt/reports/map'));
    await staffPage.getByTestId('report-map').waitFor();
    await expect.poll(() => staffPage.locator(`[data-testid="report-marker"][data-number="${reportNumber}"]`).count()).toBeGreaterThan(0);
    await checkA11y(staffPage, 'reports map');
    await staffPage.getByTestId('report-view-list').click();
    const row = staffPage.locator(`[data-testid="report-row"][data-number="${reportNumber}"]`);
    await row.waitFor();
    await checkA11y(staffPage, 'reports list');
    await row.getByTestId('report-link').click();
    await staffPage.getByTestId('report-detail').waitFor();
    await staffPage.getByTestId('report-detail').getByText(DESCRIPTION).waitFor();
  });

  it('staff take it over, approve the photo and resolve it with a public comment', async () => {
    await staffPage.getByTestId('claim').click();
    await expect.poll(() => staffPage.getByTestId('report-owner').textContent()).toContain('Verwaltung Musterstadt');
    const photo = staffPage.getByTestId('photo-item').first();
    await expect.poll(() => photo.getAttribute('data-status')).toBe('pending');
    await photo.getByTestId('photo-approve').click();
    await expect.poll(() => staffPage.getByTestId('photo-item').first().getAttribute('data-status')).toBe('approved');
    await staffPage.getByTestId('status-select').selectOption('resolved');
    await staffPage.getByTestId('public-comment').fill(PUBLIC_COMMENT);
    await staffPage.getByTestId('status-submit').click();
    await expect.poll(() => staffPage.getByTestId('report-status').getAttribute('data-status')).toBe('resolved');
    await staffPage.getByTestId('report-history').getByText(PUBLIC_COMMENT).first().waitFor();
    await checkA11y(staffPage, 'resolved report');
  });

  it('the resident gets the status message with the public comment', async () => {
    let message: { subject: string | null; bodyText: string } | undefined;
    await expect
      .poll(
        async () => {
          message = (await staff.messagesTo(REPORTER)).find((m) => m.bodyText.includes(PUBLIC_COMMENT));
          return Boolean(message);
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true);
    expect(message!.bodyText).toContain(String(reportNumber));
    expect(message!.bodyText).toContain(`${BASE}/reports/${reportNumber}`);
  });

  it('the portal’s report page says "erledigt" and shows the public comment and the approved photo', async () => {
    // the page may sit in the browser's cache for its max-age: reload until the new status is there
    await expect
      .poll(
        async () => {
          await resident.goto(url(`${BASE}/reports/${reportNumber}`));
          return resident.locator('#report-status').textContent();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toContain(portalDe['reports.status.resolved']);
    await resident.getByText(PUBLIC_COMMENT).first().waitFor();
    expect(await resident.locator('main').textContent()).not.toContain(REPORTER);
    await expect.poll(() => resident.locator('main img').count()).toBeGreaterThan(0);
    await checkA11y(resident, 'resolved report page');
  });

  it('the stored photo has no EXIF, at the public URL and the staff URL alike', async () => {
    const detail = await staff.api<{ photos: Array<{ id: string; status: string }> }>('GET', `/reports/${reportId}`);
    expect(detail.json.photos.map((p) => p.status)).toEqual(['approved']);
    const photoId = detail.json.photos[0].id;
    for (const [label, path, headers] of [
      ['public photo', `${BASE}/reports/photos/${photoId}.jpg`, {}],
      ['public thumbnail', `${BASE}/reports/photos/${photoId}-thumb.jpg`, {}],
      ['staff photo', `/api/v1/tenants/musterstadt/reports/${reportId}/photos/${photoId}`, { cookie: staff.cookie }],
      ['staff thumbnail', `/api/v1/tenants/musterstadt/reports/${reportId}/photos/${photoId}?size=thumb`, { cookie: staff.cookie }],
    ] as const) {
      const res = await fetch(url(path), { headers });
      expect(res.status, label).toBe(200);
      expect(res.headers.get('content-type'), label).toBe('image/jpeg');
      await expectNoMetadata(Buffer.from(await res.arrayBuffer()), label);
    }
  });

  it('the form works with JavaScript off: the category’s fields after “Weiter”, street and house number instead of the pin', async () => {
    const page = await session.newPage({ javaScriptEnabled: false });
    await page.goto(url(`${BASE}/reports/new`));
    expect(await page.locator('#report-map').isVisible()).toBe(false);
    // without JavaScript, "Weiter" brings the chosen category's extra fields
    await page.locator('#category').selectOption('muell');
    await page.locator('#category-next').click();
    await page.locator('#attr-art').selectOption('sperrmuell');
    await page.locator('#description').fill('Am Schulweg 9 steht seit einer Woche ein altes Sofa auf dem Gehweg.');
    await page.locator('#street').selectOption({ label: 'Schulweg' });
    await page.locator('#house-number').fill('9');
    await page.locator('#anonymous').check();
    // (axe needs JavaScript: the same form was checked with it above)
    await page.locator('#report-submit').click();
    await page.locator('#report-number').waitFor();
    const number = Number(await page.locator('#report-number').textContent());
    expect(number).toBeGreaterThan(reportNumber);
    const list = await staff.api<{ items: Array<{ id: string; number: number; address: string; contactKind: string; categoryName: string }> }>(
      'GET',
      `/reports?q=${number}`,
    );
    const filed = list.json.items.find((r) => r.number === number);
    expect(filed).toMatchObject({ contactKind: 'anonymous', categoryName: 'Müll' });
    expect(filed!.address).toContain('Schulweg 9');
    const detail = await staff.api<{ attributes: Record<string, unknown> }>('GET', `/reports/${filed!.id}`);
    expect(detail.json.attributes).toEqual({ art: 'sperrmuell' });
  });

  it('made no request to a third party', () => {
    expect(thirdParty).toEqual([]);
  });
});
