// The living part of the demo: Musterstadt's streets with address points, an area, and a handful of residents with
// recorded consent, so a newcomer sees a working portal and console at the first start. Everything goes through the
// services the app itself uses (imports, registration with the consent ledger). The numbers are invented and the
// e-mail addresses use the reserved `.example` domain; until an operator configures a real provider every message
// lands in the dev outbox.
import type { Actor } from './platform/audit.ts';
import { inboundMessages } from './platform/db/schema.ts';
import type { AppDeps } from './platform/context.ts';
import type { TenantRow } from './platform/tenancy.ts';
import { createArea, importAddressPoints, importStreetsCsv, listStreets } from './modules/geo/index.ts';
import { createMessage, sendMessage, updateMessageSettings } from './modules/messages/index.ts';
import { registerResident } from './modules/residents/index.ts';
import { createDepartment } from './modules/staff/index.ts';
import { findTenantById } from './modules/tenants/index.ts';
import { createCanned, listInboxDepartments, patchInboxDepartment, recordInbound, replaceRules, threadPending } from './modules/inbox/index.ts';
import { seedDemoWarnings } from './modules/warnings/index.ts';

export const seedActor: Actor = { userId: null, email: 'demo-seed', ip: null, userAgent: null, requestId: null };

// a fictional town centred near 49.30 N, 10.90 E; street i runs east-west at its own latitude
const CENTRE = { lat: 49.3, lng: 10.9 };
const STREETS = [
  { name: 'Hauptstraße', district: 'Altstadt', numbers: 24 },
  { name: 'Bahnhofstraße', district: 'Altstadt', numbers: 16 },
  { name: 'Am Markt', district: 'Altstadt', numbers: 10 },
  { name: 'Lindenallee', district: 'Lindenhof', numbers: 20 },
  { name: 'Schulweg', district: 'Lindenhof', numbers: 12 },
  { name: 'Mühlbachweg', district: 'Mühlbach', numbers: 8 },
] as const;
const POSTCODE = '99999';

export const pointOf = (streetIndex: number, houseNumber: number) => ({
  lat: Number((CENTRE.lat + (streetIndex - 2.5) * 0.002).toFixed(6)),
  lng: Number((CENTRE.lng + (houseNumber - 10) * 0.0004).toFixed(6)),
});

/** Residents of the demo: name, street, house number, language, channels and topics they consented to. */
const RESIDENTS = [
  { name: 'Anna Berger', street: 0, no: 3, language: 'de', channels: ['sms', 'email'], topics: ['abfall', 'verkehr'] },
  { name: 'Jonas Keller', street: 0, no: 12, language: 'de', channels: ['email'], topics: ['veranstaltungen'] },
  { name: 'Emily Carter', street: 1, no: 5, language: 'en', channels: ['email'], topics: ['abfall', 'veranstaltungen'] },
  { name: 'Mehmet Yılmaz', street: 1, no: 9, language: 'de', channels: ['sms'], topics: ['verkehr'] },
  { name: 'Lena Hoffmann', street: 2, no: 2, language: 'de', channels: ['sms', 'email'], topics: ['abfall', 'veranstaltungen', 'verkehr'] },
  { name: 'Peter Wagner', street: 3, no: 7, language: 'de', channels: ['sms'], topics: ['abfall'] },
  { name: 'Olena Kovalenko', street: 3, no: 15, language: 'en', channels: ['sms', 'email'], topics: ['veranstaltungen'] },
  { name: 'Sabine Fischer', street: 4, no: 4, language: 'de', channels: ['email'], topics: ['abfall', 'verkehr'] },
  { name: 'Tobias Schmid', street: 5, no: 1, language: 'de', channels: ['sms'], topics: ['abfall', 'veranstaltungen'] },
  { name: 'Helga Braun', street: 5, no: 6, language: 'de', channels: ['sms'], topics: ['veranstaltungen'] },
] as const;

export interface DemoPlaces {
  streetIds: Record<string, string>;
  altstadtAreaId: string;
  residentIds: string[];
}

/** Streets, address points, the "Altstadt" area and the demo residents; call once, on a freshly seeded Musterstadt. */
export async function seedDemoPlaces(deps: AppDeps, tenant: TenantRow): Promise<DemoPlaces> {
  const streetCsv = ['Straße;PLZ;Ortsteil;Hausnummern', ...STREETS.map((s) => `${s.name};${POSTCODE};${s.district};1-${s.numbers}`)].join('\n');
  await importStreetsCsv(deps, seedActor, tenant.id, streetCsv, 'all-or-nothing');
  const points = ['Straße;PLZ;Hausnummer;lat;lon'];
  STREETS.forEach((s, i) => {
    for (let no = 1; no <= s.numbers; no++) {
      const p = pointOf(i, no);
      points.push(`${s.name};${POSTCODE};${no};${p.lat};${p.lng}`);
    }
  });
  await importAddressPoints(deps, seedActor, tenant.id, points.join('\n'), 'all-or-nothing');
  const listed = (await listStreets(deps, tenant.id)).items;
  const streetIds = Object.fromEntries(listed.map((s) => [s.name, s.id]));
  // the Altstadt: the first three streets (a rectangle around their points)
  const south = pointOf(0, 0).lat - 0.001;
  const north = pointOf(2, 0).lat + 0.001;
  const west = pointOf(0, 0).lng - 0.001;
  const east = pointOf(0, 25).lng + 0.001;
  const area = await createArea(deps, seedActor, tenant.id, {
    name: 'Altstadt',
    population: 1200,
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [west, south],
          [east, south],
          [east, north],
          [west, north],
          [west, south],
        ],
      ],
    },
  });
  const residentIds: string[] = [];
  for (const [i, r] of RESIDENTS.entries()) {
    const street = STREETS[r.street];
    const p = pointOf(r.street, r.no);
    const { residentId } = await registerResident(
      deps,
      tenant,
      // invented mobile numbers (a run of one block) and reserved example addresses
      { phone: `+4915799900${String(i + 10).padStart(3, '0')}`, email: `${r.name.split(' ')[0].toLowerCase()}@musterstadt.example`, name: r.name },
      {
        topics: [...r.topics],
        channels: [...r.channels],
        streetId: streetIds[street.name] ?? null,
        houseNumber: String(r.no),
        lat: p.lat,
        lng: p.lng,
        language: r.language,
      },
      { method: 'staff', ipPrefix: null, proof: 'Demo-Daten (Papierformular)' },
    );
    residentIds.push(residentId);
  }
  return { streetIds, altstadtAreaId: area.id, residentIds };
}

/** Published news in two topics (one also in English) and a past exercise warning with its all-clear. */
export async function seedDemoNews(deps: AppDeps, tenant: TenantRow, owner: Actor & { name?: string | null }): Promise<void> {
  await updateMessageSettings(deps, owner, tenant, { languages: ['de', 'en'] });
  const current = (await findTenantById(deps.db, tenant.id)) ?? tenant;
  const viewer = { userId: owner.userId, role: 'owner' as const };
  for (const news of NEWS) {
    const draft = await createMessage(deps, owner, current, news, { viewer });
    await sendMessage(deps, owner, current, draft.id, viewer);
  }
  await seedDemoWarnings(deps, owner, current);
}

const NEWS = [
  {
    title: 'Geänderte Abfuhrtermine zwischen den Feiertagen',
    body: '## Restmüll und Bio\n\nWegen der Feiertage verschiebt sich die Abfuhr um **einen Tag**:\n\n- Restmüll: Samstag statt Freitag\n- Biotonne: Montag statt Samstag\n\nAlle Termine finden Sie im [Abfallkalender](https://www.musterstadt.example/abfall).',
    topic: 'abfall',
    audience: { topics: ['abfall'] },
    channels: ['portal', 'email', 'sms'] as const,
  },
  {
    title: 'Wertstoffhof samstags länger geöffnet',
    body: 'Ab Januar ist der Wertstoffhof am Mühlbachweg samstags von **8 bis 16 Uhr** geöffnet.\n\nBitte bringen Sie Grünschnitt nur in Säcken oder gebündelt.',
    topic: 'abfall',
    audience: { topics: ['abfall'] },
    channels: ['portal', 'email'] as const,
  },
  {
    title: 'Weihnachtsmarkt am Marktplatz',
    body: 'Vom 4. bis 22. Dezember lädt der Weihnachtsmarkt **täglich ab 16 Uhr** auf den Marktplatz ein.\n\n- Kinderprogramm am Samstag\n- Posaunenchor am Sonntag\n\nDie Hauptstraße ist in dieser Zeit ab 15 Uhr gesperrt.',
    topic: 'veranstaltungen',
    audience: { topics: ['veranstaltungen'] },
    channels: ['portal', 'email', 'sms'] as const,
    translations: [
      {
        language: 'en' as const,
        title: 'Christmas market on the market square',
        body: "From 4 to 22 December the Christmas market opens **daily from 4 pm** on the market square.\n\n- Children's programme on Saturday\n- Brass choir on Sunday\n\nHauptstraße is closed from 3 pm during this time.",
      },
    ],
  },
].map((n) => ({ ...n, channels: [...n.channels] }));

const HOUR = 3_600_000;

/**
 * The inbox of the demo: routing rules to the three departments, two canned responses, and replies from residents
 * that came in over the real inbound path (SMS through the channel events, the portal's contact form): one of them
 * days old and overdue, so the overview's "Überfällig" counter and the escalation have something to show.
 */
export async function seedDemoInbox(deps: AppDeps, tenant: TenantRow, owner: Actor): Promise<void> {
  // the first start seeds these three departments; a town made otherwise (tests) gets them here
  const names = ['Bürgerbüro', 'Ordnungsamt', 'Bauhof'];
  const existing = new Set((await listInboxDepartments(deps, tenant)).items.map((d) => d.name));
  for (const name of names.filter((n) => !existing.has(n))) await createDepartment(deps, owner, tenant, { name });
  const departments = (await listInboxDepartments(deps, tenant)).items;
  const [buergerbuero, ordnungsamt, bauhof] = names.map((name) => departments.find((d) => d.name === name)?.id as string);
  await replaceRules(deps, owner, tenant, {
    rules: [
      { topic: 'abfall', departmentId: bauhof },
      { keyword: 'PARKEN', departmentId: ordnungsamt },
      { keyword: 'MÜLL', departmentId: bauhof },
      { topic: 'verkehr', departmentId: ordnungsamt },
      { departmentId: buergerbuero },
    ],
  });
  if (owner.userId) await patchInboxDepartment(deps, owner, tenant, buergerbuero, { leadUserId: owner.userId });
  await createCanned(deps, owner, tenant, {
    title: 'Eingangsbestätigung',
    body: 'Guten Tag {{name}},\n\nvielen Dank für Ihre Nachricht. Wir kümmern uns darum und melden uns spätestens in zwei Werktagen.\n\nFreundliche Grüße\n{{mitarbeiter}}\n{{gemeinde}}',
  });
  await createCanned(deps, owner, tenant, {
    title: 'Sperrmüll-Anmeldung',
    body: 'Guten Tag {{name}},\n\nSperrmüll melden Sie im Bürgerbüro oder unter https://www.musterstadt.example/sperrmuell an. Die Abholung ist zweimal im Jahr kostenlos.\n\nFreundliche Grüße\n{{gemeinde}}',
  });

  const now = Date.now();
  // replies by SMS from residents who got the demo news by SMS, stored as the SMS channel stores them (the news'
  // deliveries may still be on their way, so the municipality is named here instead of found by the number)
  const sms = [
    { from: '+4915799900010', text: 'Die Straßenlaterne vor der Hauptstraße 3 ist seit Montag dunkel. Können Sie das bitte prüfen?', at: now - 8 * 24 * HOUR },
    { from: '+4915799900019', text: 'Gibt es beim Weihnachtsmarkt auch Sitzplätze? Ich kann nicht lange stehen.', at: now - 2 * HOUR },
    { from: '+4915799900015', text: 'MÜLL Unsere Biotonne wurde heute nicht geleert, obwohl sie an der Straße stand.', at: now - 20 * 60_000 },
  ];
  await deps.db.withTenant(tenant.id, (tx) =>
    tx.insert(inboundMessages).values(
      sms.map((m) => ({
        tenantId: tenant.id,
        channel: 'sms' as const,
        sender: m.from,
        recipient: tenant.smsSenderId ?? 'Musterstadt',
        text: m.text,
        receivedAt: new Date(m.at),
      })),
    ),
  );
  await recordInbound(deps, {
    tenantId: tenant.id,
    channel: 'portal',
    sender: 'k.neumann@example.org',
    name: 'Klaus Neumann',
    subject: 'Sperrmüll',
    text: 'Guten Tag, wie kann ich Sperrmüll anmelden? Wir ziehen Ende des Monats um.',
  });
  // the threader runs as a job too; here it runs at once so the first start shows the conversations
  while ((await threadPending(deps)) > 0);
}
