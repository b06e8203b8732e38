// The demo's waste calendar: five types (Sperrmüll on request), two districts covering the demo's streets, and
// schedules for the next twelve months, expanded through the service so Christmas and New Year's Day move.
import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { createDistrict, createType, listTypes, saveSchedule, todayIn } from './modules/waste/index.ts';
import type { Actor } from './platform/audit.ts';
import type { AppDeps } from './platform/context.ts';
import { queryRows } from './platform/db/client.ts';
import type { TenantRow } from './platform/tenancy.ts';

const TYPES = [
  { code: 'rest', name: 'Restmüll', color: '#4a4a4a', info: 'Tonne bitte bis 6 Uhr an die Straße stellen.' },
  { code: 'bio', name: 'Bioabfall', color: '#7a4b21', info: '' },
  { code: 'papier', name: 'Papier', color: '#1f5fbf', info: '' },
  { code: 'gelb', name: 'Gelbe Tonne', color: '#e0b400', info: 'Verpackungen aus Kunststoff, Metall und Verbundstoffen.' },
  {
    code: 'sperr',
    name: 'Sperrmüll',
    color: '#8a2be2',
    info: 'Auf Anfrage: bis zu zweimal im Jahr kostenlos, Anmeldung beim Bürgerbüro (Tel. 01234 5678-0).',
    onRequest: true,
  },
];

// per district: [type code, RRULE]; Fridays hit 25 December and 1 January, which the holiday shift moves
const RULES: Record<string, Array<[string, string]>> = {
  Nord: [
    ['rest', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR'],
    ['bio', 'FREQ=WEEKLY;BYDAY=WE'],
    ['papier', 'FREQ=WEEKLY;INTERVAL=4;BYDAY=MO'],
    ['gelb', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH'],
  ],
  Süd: [
    ['rest', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH'],
    ['bio', 'FREQ=WEEKLY;BYDAY=TU'],
    ['papier', 'FREQ=WEEKLY;INTERVAL=4;BYDAY=TU'],
    ['gelb', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR'],
  ],
};

export async function seedDemoWaste(deps: AppDeps, tenant: TenantRow, actor: Actor): Promise<void> {
  if ((await listTypes(deps, tenant)).length) return;
  const ids = new Map<string, string>();
  for (const [position, t] of TYPES.entries()) {
    const made = await createType(deps, actor, tenant, { onRequest: false, position, active: true, ...t });
    ids.set(t.code, made.id);
  }
  const streets = await deps.db.withTenant(tenant.id, (tx) => queryRows<{ id: string }>(tx, sql`select id from streets order by name`));
  const half = Math.ceil(streets.length / 2);
  const groups = { Nord: streets.slice(0, half), Süd: streets.slice(half) };
  const startsOn = todayIn(tenant);
  const endsOn = DateTime.fromISO(startsOn, { zone: 'utc' }).plus({ months: 12 }).toISODate() as string;
  for (const [name, members] of Object.entries(groups)) {
    const district = await createDistrict(deps, actor, tenant, { name, streetIds: members.map((s) => s.id) });
    for (const [code, rrule] of RULES[name])
      await saveSchedule(deps, actor, tenant, null, {
        typeId: ids.get(code) as string,
        districtId: district.id,
        streetId: null,
        rrule,
        startsOn,
        endsOn,
        holidayShift: true,
      });
  }
}
