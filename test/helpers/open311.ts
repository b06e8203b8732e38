// Open311 test set-up: the demo municipality's kinds of report (made through the reports module), an integrator's
// API key, address points, and reports written straight into the table when a test needs many or old ones.
import { sql } from 'drizzle-orm';
import { reportCategoryInput, type ReportCategory, type ReportCategoryInput } from '../../src/common/contracts/reports.ts';
import type { ReportStatus } from '../../src/common/states.ts';
import { importAddressPoints } from '../../src/server/modules/geo/index.ts';
import { createCategory, createOpen311Key, reviewPhoto } from '../../src/server/modules/reports/index.ts';
import type { AppDeps } from '../../src/server/platform/context.ts';
import { queryRows } from '../../src/server/platform/db/client.ts';
import { reports } from '../../src/server/platform/db/schema.ts';
import type { TenantRow } from '../../src/server/platform/tenancy.ts';
import type { TestApp } from './app.ts';
import { testActor } from './factories.ts';

/** A point in the test town (Dortmund's old town): the address points below lie around it. */
export const TOWN = { lat: 51.5136, lng: 7.4653 };

export const DEMO_CATEGORIES: ReportCategoryInput[] = [
  {
    code: 'strassenschaden',
    name: 'Straßenschaden',
    description: 'Schlaglöcher, lose Platten, abgesackte Gehwege',
    groupName: 'Straße und Verkehr',
    keywords: ['Schlagloch', 'Gehweg'],
    resolutionHours: 40,
    autoReply: 'Danke! Ihre Meldung {{nummer}} ({{kategorie}}) ist eingegangen.',
    fields: [
      {
        code: 'size',
        datatype: 'singlevaluelist',
        label: 'Wie groß ist der Schaden?',
        required: true,
        values: [
          { key: 'small', name: 'kleiner als ein Teller' },
          { key: 'large', name: 'größer als ein Teller' },
        ],
      },
      { code: 'depth_cm', datatype: 'number', label: 'Wie tief (cm)?', description: 'ungefähr, in Zentimetern', required: false },
    ],
  },
  {
    code: 'beleuchtung',
    name: 'Beleuchtung',
    description: 'Straßenlaterne dunkel oder defekt',
    groupName: 'Straße und Verkehr',
    keywords: ['Laterne'],
    fields: [
      { code: 'lamp_number', datatype: 'string', label: 'Nummer am Mast', description: 'steht auf dem Schild am Mast', required: false },
      {
        code: 'issues',
        datatype: 'multivaluelist',
        label: 'Was stimmt nicht?',
        required: false,
        values: [
          { key: 'dark', name: 'dunkel' },
          { key: 'flicker', name: 'flackert' },
          { key: 'damaged', name: 'beschädigt' },
        ],
      },
      { code: 'since', datatype: 'datetime', label: 'Seit wann?', required: false },
    ],
  },
  { code: 'muell', name: 'Müll', description: 'Wilder Müll, volle Papierkörbe', groupName: 'Sauberkeit' },
  { code: 'gruenpflege', name: 'Grünpflege', groupName: 'Grün' },
  { code: 'sonstiges', name: 'Sonstiges' },
];

/** The five demo categories plus one inactive ('alt'); by code. */
export async function demoCategories(deps: AppDeps, tenant: TenantRow): Promise<Record<string, ReportCategory>> {
  const out: Record<string, ReportCategory> = {};
  for (const input of [...DEMO_CATEGORIES, { code: 'alt', name: 'Alte Kategorie', active: false }]) {
    const c = await createCategory(deps, testActor, tenant, reportCategoryInput.parse(input));
    out[c.code] = c;
  }
  return out;
}

/** An integrator's API key (the key itself, shown once). */
export async function open311ApiKey(deps: AppDeps, tenant: TenantRow, name = 'Stadt-App'): Promise<{ id: string; key: string }> {
  const created = await createOpen311Key(deps, testActor, tenant, { name });
  return { id: created.id, key: created.key };
}

/** Address points of the test town: Hauptstraße 3 and the street's own point, Marktplatz without house numbers. */
export async function townAddresses(deps: AppDeps, tenant: TenantRow) {
  const csv = [
    'street;housenumber;postcode;lat;lon',
    `Hauptstraße;3;44135;${TOWN.lat};${TOWN.lng}`,
    `Hauptstraße;;44135;${TOWN.lat + 0.001};${TOWN.lng + 0.001}`,
    `Marktplatz;;44137;${TOWN.lat - 0.001};${TOWN.lng - 0.001}`,
  ].join('\n');
  const result = await importAddressPoints(deps, testActor, tenant.id, csv);
  if (result.errors.length) throw new Error(`address points: ${JSON.stringify(result.errors)}`);
}

export interface StoredReport {
  categoryId: string;
  createdAt?: Date;
  status?: ReportStatus;
  description?: string;
  rejectReason?: string;
  closedAt?: Date;
  expectedAt?: Date;
  address?: string;
}

/** Reports written straight into the table (a date in the past, a thousand at once); returns their numbers. */
export async function storeReports(deps: AppDeps, tenant: TenantRow, list: StoredReport[]): Promise<number[]> {
  const rows = await deps.db.withTenant(tenant.id, (tx) =>
    tx
      .insert(reports)
      .values(
        list.map((r, i) => ({
          tenantId: tenant.id,
          categoryId: r.categoryId,
          status: r.status ?? 'received',
          description: r.description ?? `Meldung ${i + 1}`,
          lat: TOWN.lat + i * 0.00001,
          lng: TOWN.lng,
          address: r.address ?? 'Hauptstraße 3',
          source: 'portal' as const,
          contactKind: 'anonymous' as const,
          rejectReason: r.rejectReason ?? null,
          closedAt: r.closedAt ?? null,
          expectedAt: r.expectedAt ?? null,
          ...(r.createdAt ? { createdAt: r.createdAt, updatedAt: r.createdAt } : {}),
        })),
      )
      .returning({ number: reports.number }),
  );
  return rows.map((r) => r.number);
}

/** A multipart/form-data body: the fields, then each file as `media` (an Open311 POST with photos). */
export function multipartForm(fields: Record<string, string>, files: Buffer[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----civicast-open311-test';
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const [i, file] of files.entries()) {
    parts.push(
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="media"; filename="foto${i}.jpg"\r\ncontent-type: image/jpeg\r\n\r\n`),
      file,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A Bauhof agent approves the photo of report `number`, so Open311 shows it; answers the photo's id. */
export async function approvePhotoOf(t: Pick<TestApp, 'deps' | 'tenant' | 'createStaff'>, number: number): Promise<string> {
  const [photo] = await t.deps.db.withTenant(t.tenant.id, (tx) =>
    queryRows<{ id: string; report_id: string }>(
      tx,
      sql`select p.id, p.report_id from report_photos p join reports r on r.id = p.report_id where r.number = ${number}`,
    ),
  );
  const staffId = await t.createStaff(t.tenant, 'bauhof@musterstadt.test', 'agent');
  await reviewPhoto(t.deps, testActor, { tenant: t.tenant, userId: staffId, role: 'agent' }, photo!.report_id, photo!.id, 'approved');
  return photo!.id;
}
