// The Mängelmelder of the demo: five categories (also Musterstadt's Open311 services) with their departments, deadlines,
// automatic answers and extra fields, and a handful of reports at real address points of the demo's street directory,
// filed and worked through the reports service itself: one in progress with an approved photo, one resolved with a
// public comment, one rejected with a reason, one overdue, the rest waiting. Kept apart from demo-content.ts, which
// holds the rest of the living demo, so each file stays readable.
import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { createReportInput, reportAssignInput, reportCategoryInput, reportStatusInput } from '../common/contracts/reports.ts';
import type { Actor } from './platform/audit.ts';
import type { AppDeps } from './platform/context.ts';
import { reportItems, reportPhotos, reports } from './platform/db/schema.ts';
import type { TenantRow } from './platform/tenancy.ts';
import { pointOf, seedActor } from './demo-content.ts';
import { listInboxDepartments } from './modules/inbox/index.ts';
import { assignReport, changeStatus, createCategory, fileReport, preparePhoto, reviewPhoto } from './modules/reports/index.ts';

const CATEGORIES = [
  {
    code: 'strassenschaden',
    name: 'Straßenschaden',
    description: 'Schlaglöcher, lose Gehwegplatten, beschädigte Bordsteine',
    groupName: 'Straßen und Wege',
    department: 'Bauhof',
    resolutionHours: 40,
    firstResponseHours: 8,
    keywords: ['Schlagloch', 'Gehweg', 'Fahrbahn'],
    autoReply: 'Vielen Dank für Ihre Meldung Nr. {{nummer}} ({{kategorie}}). Der Bauhof sieht sich die Stelle an und sichert sie bei Gefahr sofort ab.',
    fields: [
      {
        code: 'groesse',
        datatype: 'singlevaluelist' as const,
        label: 'Größe',
        description: 'Wie groß ist der Schaden ungefähr?',
        required: false,
        values: [
          { key: 'klein', name: 'klein (bis 20 cm)' },
          { key: 'mittel', name: 'mittel (20 bis 50 cm)' },
          { key: 'gross', name: 'groß (über 50 cm)' },
        ],
      },
    ],
  },
  {
    code: 'beleuchtung',
    name: 'Beleuchtung',
    description: 'Defekte oder flackernde Straßenlaternen',
    groupName: 'Straßen und Wege',
    department: 'Bauhof',
    resolutionHours: 24,
    firstResponseHours: 8,
    keywords: ['Laterne', 'Licht'],
    autoReply: 'Vielen Dank für Ihre Meldung Nr. {{nummer}} ({{kategorie}}). Defekte Lampen tauschen wir in der Regel innerhalb von drei Werktagen.',
    fields: [
      {
        code: 'mastnummer',
        datatype: 'string' as const,
        label: 'Mastnummer',
        description: 'Die Nummer auf dem Schild am Laternenmast, falls vorhanden',
        required: false,
      },
    ],
  },
  {
    code: 'muell',
    name: 'Müll',
    description: 'Wilder Müll, volle Container, liegen gebliebener Sperrmüll',
    groupName: 'Sauberkeit',
    department: 'Ordnungsamt',
    resolutionHours: 16,
    firstResponseHours: 4,
    keywords: ['Abfall', 'Container', 'Sperrmüll'],
    autoReply: 'Vielen Dank für Ihre Meldung Nr. {{nummer}} ({{kategorie}}). Das Ordnungsamt kümmert sich darum.',
    fields: [
      {
        code: 'art',
        datatype: 'singlevaluelist' as const,
        label: 'Art',
        required: false,
        values: [
          { key: 'sperrmuell', name: 'Sperrmüll' },
          { key: 'wilder_muell', name: 'Wilder Müll' },
          { key: 'glascontainer_voll', name: 'Glascontainer voll' },
        ],
      },
    ],
  },
  {
    code: 'gruenpflege',
    name: 'Grünpflege',
    description: 'Überhängende Hecken, umgestürzte Bäume, ungepflegte Grünflächen',
    groupName: 'Grün und Umwelt',
    department: 'Bauhof',
    resolutionHours: 80,
    firstResponseHours: 16,
    keywords: ['Baum', 'Hecke', 'Rasen'],
    autoReply: 'Vielen Dank für Ihre Meldung Nr. {{nummer}} ({{kategorie}}). Die Grünpflege des Bauhofs plant den Einsatz ein.',
    fields: [],
  },
  {
    code: 'sonstiges',
    name: 'Sonstiges',
    description: 'Alles, was in keine andere Kategorie passt',
    groupName: 'Sonstiges',
    department: 'Bürgerbüro',
    resolutionHours: 40,
    firstResponseHours: 8,
    keywords: [],
    autoReply: '',
    fields: [],
  },
];

type Contact = { kind: 'anonymous' } | { kind: 'email'; email: string; name?: string } | { kind: 'phone'; phone: string; name?: string };

interface DemoReport {
  category: string;
  /** A street of the demo's directory (index in demo-content's STREETS) and a house number on it. */
  at: [street: number, houseNumber: number];
  description: string;
  attributes?: Record<string, string>;
  contact: Contact;
  daysAgo: number;
  photo?: boolean;
  outcome?: 'in_progress' | 'confirmed' | 'resolved' | 'rejected' | 'overdue';
  publicComment?: string;
  reason?: string;
}

const REPORTS: DemoReport[] = [
  {
    category: 'strassenschaden',
    at: [0, 12],
    description: 'Tiefes Schlagloch auf der Fahrbahn vor Hausnummer 12, Radfahrer müssen ausweichen.',
    attributes: { groesse: 'mittel' },
    contact: { kind: 'email', email: 'j.weber@example.org', name: 'Julia Weber' },
    daysAgo: 3,
    photo: true,
    outcome: 'in_progress',
  },
  {
    category: 'beleuchtung',
    at: [3, 7],
    description: 'Die Straßenlaterne vor Lindenallee 7 flackert abends und geht dann ganz aus.',
    attributes: { mastnummer: 'L-0417' },
    contact: { kind: 'email', email: 'm.schulze@example.org', name: 'Martin Schulze' },
    daysAgo: 6,
    outcome: 'resolved',
    publicComment: 'Die Lampe wurde ersetzt. Vielen Dank für Ihren Hinweis!',
  },
  {
    category: 'muell',
    at: [5, 3],
    description: 'Am Ende des Mühlbachwegs liegen alte Reifen und Bauschutt am Waldrand.',
    attributes: { art: 'wilder_muell' },
    contact: { kind: 'anonymous' },
    daysAgo: 9,
    outcome: 'overdue',
  },
  {
    category: 'gruenpflege',
    at: [4, 5],
    description: 'Die Hecke ragt weit in den Gehweg, mit dem Kinderwagen kommt man nicht mehr vorbei.',
    contact: { kind: 'phone', phone: '+4915799900099' },
    daysAgo: 2,
    outcome: 'confirmed',
  },
  {
    category: 'muell',
    at: [2, 4],
    description: 'Der Glascontainer am Markt ist voll, die Flaschen stehen schon daneben.',
    attributes: { art: 'glascontainer_voll' },
    contact: { kind: 'anonymous' },
    daysAgo: 0,
  },
  {
    category: 'sonstiges',
    at: [1, 8],
    description: 'Die Sitzbank am Bahnhofsvorplatz ist beschädigt, eine Latte fehlt.',
    contact: { kind: 'email', email: 'f.otto@example.org' },
    daysAgo: 4,
    outcome: 'rejected',
    reason: 'Der Bahnhofsvorplatz gehört der Bahn; wir haben Ihre Meldung an die DB Station&Service weitergegeben.',
  },
  {
    category: 'strassenschaden',
    at: [4, 10],
    description: 'Eine Gehwegplatte am Schulweg ist locker und kippt beim Drauftreten, Stolpergefahr für die Schulkinder.',
    attributes: { groesse: 'klein' },
    contact: { kind: 'anonymous' },
    daysAgo: 1,
  },
];

const DAY = 86_400_000;

/** A small street scene (asphalt with a pothole) as a JPEG, drawn at seed time so no image ships with the code. */
function demoPhoto(): Promise<Buffer> {
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
