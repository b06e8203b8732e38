// The Mängelmelder of the demo: five categories (also Musterstadt's Open311 services) with their departments, deadlines,
// automatic answers and extra fields, and a handful of reports at real address points of the demo's street directory,
// filed and worked through the reports service itself: one in progress with an approved photo, one resolved with a
// public comment, one rejected with a reason, one overdue, the rest waiting. Kept apart from demo-content.ts, which
// holds the rest of the living demo, so each file stays readable.
import { and, eq } from 'drizzle-orm';
import { createReportInput, reportAssignInput, reportCategoryInput, reportStatusInput } from '../common/contracts/reports.ts';
import type { Actor } from './platform/audit.ts';
import type { AppDeps } from './platform/context.ts';
import { reportItems, reportPhotos, reports } from './platform/db/schema.ts';
import { loadSharp } from './platform/images.ts';
import type { TenantRow } from './platform/tenancy.ts';
import { pointOf, seedActor } from './demo-content.ts';
import { listInboxDepartments } from './modules/inbox/index.ts';
import { assignReport, changeStatus, createCategory, fileReport, preparePhoto, reviewPhoto } from './modules/reports/index.ts';

type Field = {
  code: string;
  datatype: 'singlevaluelist' | 'string';
  label: string;
  description?: string;
  required: false;
  values?: { key: string; name: string }[];
};

/** An optional pick list whose values are given as `[key, name]` pairs. */
const listField = (code: string, label: string, description: string | undefined, values: [key: string, name: string][]): Field => ({
  code,
  datatype: 'singlevaluelist',
  label,
  ...(description ? { description } : {}),
  required: false,
  values: values.map(([key, name]) => ({ key, name })),
});

interface DemoCategory {
  code: string;
  name: string;
  description: string;
  groupName: string;
  department: string;
  resolutionHours: number;
  firstResponseHours: number;
  keywords: string[];
  autoReply: string;
  fields: Field[];
}

/** The automatic answer every demo category starts with, then its own sentence. */
const thanks = (sentence: string) => `Vielen Dank für Ihre Meldung Nr. {{nummer}} ({{kategorie}}). ${sentence}`;

/** A demo category: who works on it, its deadlines in hours (resolution, first response) and its words. */
function category(
  [code, name, groupName, department]: [code: string, name: string, groupName: string, department: string],
  [resolutionHours, firstResponseHours]: [number, number],
  description: string,
  keywords: string[],
  autoReply: string,
  fields: Field[] = [],
): DemoCategory {
  return { code, name, description, groupName, department, resolutionHours, firstResponseHours, keywords, autoReply, fields };
}

const CATEGORIES: DemoCategory[] = [
  category(
    ['strassenschaden', 'Straßenschaden', 'Straßen und Wege', 'Bauhof'],
    [40, 8],
    'Schlaglöcher, lose Gehwegplatten, beschädigte Bordsteine',
    ['Schlagloch', 'Gehweg', 'Fahrbahn'],
    thanks('Der Bauhof sieht sich die Stelle an und sichert sie bei Gefahr sofort ab.'),
    [
      listField('groesse', 'Größe', 'Wie groß ist der Schaden ungefähr?', [
        ['klein', 'klein (bis 20 cm)'],
        ['mittel', 'mittel (20 bis 50 cm)'],
        ['gross', 'groß (über 50 cm)'],
      ]),
    ],
  ),
  category(
    ['beleuchtung', 'Beleuchtung', 'Straßen und Wege', 'Bauhof'],
    [24, 8],
    'Defekte oder flackernde Straßenlaternen',
    ['Laterne', 'Licht'],
    thanks('Defekte Lampen tauschen wir in der Regel innerhalb von drei Werktagen.'),
    [
      {
        code: 'mastnummer',
        datatype: 'string',
        label: 'Mastnummer',
        description: 'Die Nummer auf dem Schild am Laternenmast, falls vorhanden',
        required: false,
      },
    ],
  ),
  category(
    ['muell', 'Müll', 'Sauberkeit', 'Ordnungsamt'],
    [16, 4],
    'Wilder Müll, volle Container, liegen gebliebener Sperrmüll',
    ['Abfall', 'Container', 'Sperrmüll'],
    thanks('Das Ordnungsamt kümmert sich darum.'),
    [
      listField('art', 'Art', undefined, [
        ['sperrmuell', 'Sperrmüll'],
        ['wilder_muell', 'Wilder Müll'],
        ['glascontainer_voll', 'Glascontainer voll'],
      ]),
    ],
  ),
  category(
    ['gruenpflege', 'Grünpflege', 'Grün und Umwelt', 'Bauhof'],
    [80, 16],
    'Überhängende Hecken, umgestürzte Bäume, ungepflegte Grünflächen',
    ['Baum', 'Hecke', 'Rasen'],
    thanks('Die Grünpflege des Bauhofs plant den Einsatz ein.'),
  ),
  category(['sonstiges', 'Sonstiges', 'Sonstiges', 'Bürgerbüro'], [40, 8], 'Alles, was in keine andere Kategorie passt', [], ''),
];

type Contact = { kind: 'anonymous' } | { kind: 'email'; email: string; name?: string } | { kind: 'phone'; phone: string; name?: string };
const anonymous: Contact = { kind: 'anonymous' };
const email = (address: string, name?: string): Contact => ({ kind: 'email', email: address, ...(name ? { name } : {}) });

type Outcome = 'in_progress' | 'confirmed' | 'resolved' | 'rejected' | 'overdue';

interface DemoReport {
  category: string;
  /** A street of the demo's directory (index in demo-content's STREETS) and a house number on it. */
  at: [street: number, houseNumber: number];
  description: string;
  attributes?: Record<string, string>;
  contact: Contact;
  daysAgo: number;
  photo?: boolean;
  outcome?: Outcome;
  publicComment?: string;
  reason?: string;
}

/** One filed report: what, where, by whom and how many days ago; `rest` is what happened to it since. */
const report = (
  [category, attributes]: [category: string, attributes?: Record<string, string>],
  at: DemoReport['at'],
  contact: Contact,
  daysAgo: number,
  description: string,
  rest: Pick<DemoReport, 'photo' | 'outcome' | 'publicComment' | 'reason'> = {},
): DemoReport => ({ category, at, description, ...(attributes ? { attributes } : {}), contact, daysAgo, ...rest });

const REPORTS: DemoReport[] = [
  report(
    ['strassenschaden', { groesse: 'mittel' }],
    [0, 12],
    email('j.weber@example.org', 'Julia Weber'),
    3,
    'Tiefes Schlagloch auf der Fahrbahn vor Hausnummer 12, Radfahrer müssen ausweichen.',
    {
      photo: true,
      outcome: 'in_progress',
    },
  ),
  report(
    ['beleuchtung', { mastnummer: 'L-0417' }],
    [3, 7],
    email('m.schulze@example.org', 'Martin Schulze'),
    6,
    'Die Straßenlaterne vor Lindenallee 7 flackert abends und geht dann ganz aus.',
    {
      outcome: 'resolved',
      publicComment: 'Die Lampe wurde ersetzt. Vielen Dank für Ihren Hinweis!',
    },
  ),
  report(['muell', { art: 'wilder_muell' }], [5, 3], anonymous, 9, 'Am Ende des Mühlbachwegs liegen alte Reifen und Bauschutt am Waldrand.', {
    outcome: 'overdue',
  }),
  report(
    ['gruenpflege'],
    [4, 5],
    { kind: 'phone', phone: '+4915799900099' },
    2,
    'Die Hecke ragt weit in den Gehweg, mit dem Kinderwagen kommt man nicht mehr vorbei.',
    {
      outcome: 'confirmed',
    },
  ),
  report(['muell', { art: 'glascontainer_voll' }], [2, 4], anonymous, 0, 'Der Glascontainer am Markt ist voll, die Flaschen stehen schon daneben.'),
  report(['sonstiges'], [1, 8], email('f.otto@example.org'), 4, 'Die Sitzbank am Bahnhofsvorplatz ist beschädigt, eine Latte fehlt.', {
    outcome: 'rejected',
    reason: 'Der Bahnhofsvorplatz gehört der Bahn; wir haben Ihre Meldung an die DB Station&Service weitergegeben.',
  }),
  report(
    ['strassenschaden', { groesse: 'klein' }],
    [4, 10],
    anonymous,
    1,
    'Eine Gehwegplatte am Schulweg ist locker und kippt beim Drauftreten, Stolpergefahr für die Schulkinder.',
  ),
];

const DAY = 86_400_000;

/** A small street scene (asphalt with a pothole) as a JPEG, drawn at seed time so no image ships with the code. */
async function demoPhoto(): Promise<Buffer> {
  const sharp = await loadSharp();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
    <rect width="640" height="480" fill="#6b6f73"/>
    <rect y="300" width="640" height="12" fill="#e8e8e8"/>
    <ellipse cx="330" cy="220" rx="120" ry="55" fill="#2d2f31"/>
    <ellipse cx="320" cy="212" rx="85" ry="34" fill="#3f4346"/>
    <rect width="640" height="70" fill="#9fb8c9"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

/** Categories and reports of the demo; needs the departments seedDemoInbox makes and the street directory of seedDemoPlaces. */
export async function seedDemoReports(deps: AppDeps, tenant: TenantRow, owner: Actor): Promise<void> {
  const departments = (await listInboxDepartments(deps, tenant)).items;
  const categoryIds: Record<string, string> = {};
  for (const [position, c] of CATEGORIES.entries()) {
    const { department, ...rest } = c;
    const created = await createCategory(
      deps,
      owner,
      tenant,
      reportCategoryInput.parse({ ...rest, position, departmentId: departments.find((d) => d.name === department)?.id ?? null }),
    );
    categoryIds[c.code] = created.id;
  }
  const who = owner.userId ? { tenant, userId: owner.userId, role: 'owner' as const } : null;
  const photo = await preparePhoto(await demoPhoto());
  const now = Date.now();
  for (const r of REPORTS) {
    const { id } = await fileReport(
      deps,
      seedActor,
      tenant,
      createReportInput.parse({
        categoryId: categoryIds[r.category],
        description: r.description,
        location: pointOf(...r.at),
        attributes: r.attributes ?? {},
        contact: r.contact,
      }),
      { source: 'portal', photos: r.photo ? [photo] : [], withToken: false },
    );
    await backdate(deps, tenant, id, new Date(now - r.daysAgo * DAY - 3 * 3_600_000), r.outcome === 'overdue');
    if (!who || !r.outcome || r.outcome === 'overdue') continue;
    if (r.outcome === 'in_progress') await assignReport(deps, owner, who, id, reportAssignInput.parse({ assigneeId: who.userId }));
    await changeStatus(
      deps,
      owner,
      who,
      id,
      reportStatusInput.parse({ status: r.outcome, ...(r.publicComment ? { publicComment: r.publicComment } : {}), ...(r.reason ? { reason: r.reason } : {}) }),
    );
    if (r.photo) {
      const photos = await deps.db.withTenant(tenant.id, (tx) =>
        tx
          .select({ id: reportPhotos.id })
          .from(reportPhotos)
          .where(and(eq(reportPhotos.tenantId, tenant.id), eq(reportPhotos.reportId, id))),
      );
      for (const p of photos) await reviewPhoto(deps, owner, who, id, p.id, 'approved');
    }
  }
}

/**
 * Moves a freshly filed report to the day it came in, so the list reads like a town's last week and not like one
 * second. An overdue one gets deadlines that passed (its category's hours counted from then would put them only days
 * back, which depends on the weekday; two days ago is overdue on any day of the year).
 */
async function backdate(deps: AppDeps, tenant: TenantRow, id: string, at: Date, overdue: boolean): Promise<void> {
  await deps.db.withTenant(tenant.id, async (tx) => {
    const passed = (days: number) => new Date(Date.now() - days * DAY);
    await tx
      .update(reports)
      .set({
        createdAt: at,
        updatedAt: at,
        ...(overdue ? { firstResponseDueAt: passed(3), resolutionDueAt: passed(2), nextDueAt: passed(3), expectedAt: passed(2) } : {}),
      })
      .where(and(eq(reports.tenantId, tenant.id), eq(reports.id, id)));
    await tx
      .update(reportItems)
      .set({ createdAt: at })
      .where(and(eq(reportItems.tenantId, tenant.id), eq(reportItems.reportId, id)));
    await tx
      .update(reportPhotos)
      .set({ createdAt: at })
      .where(and(eq(reportPhotos.tenantId, tenant.id), eq(reportPhotos.reportId, id)));
  });
}
