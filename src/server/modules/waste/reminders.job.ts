// Residents' waste reminders (`waste.reminders`, every minute): per municipality, the reminders whose time on the
// municipality's clock has come (catching up missed minutes, reminders.window.ts) and whose street has a collection
// of a chosen type on the day they are about. The statement that picks them moves `last_reminded_for` to that day,
// so a rerun or a second worker sends nothing twice. They go to the delivery engine as bulk messages, one per
// (text, channel, language), on each resident's channel for the municipality (as report messages choose it), in the
// transaction of the claim: a claimed reminder is either handed over or not claimed (the next minute tries again).
import { sql } from 'drizzle-orm';
import type { WasteReminderDay } from '../../../common/states.ts';
import { asLocale, type Locale, t } from '../../i18n/index.ts';
import type { Actor } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { type CheckedRecipient, enqueueSend, type PreparedSend, writeCheckedSend } from '../delivery/index.ts';
import { everyMinuteJob, forEachTenant } from '../tenants/index.ts';
import { collectionsOn } from './waste.repository.ts';
import { type ChannelFacts, channelOf } from './reminders.service.ts';
import { collectionDayOf, dueSlots, type LocalSlot } from './reminders.window.ts';

const SYSTEM: Actor = { userId: null, email: 'waste-reminders', ip: null, userAgent: null, requestId: null };
const KINDS: readonly WasteReminderDay[] = ['day_before', 'same_day'];

export interface ReminderRun {
  /** Residents reminded (claimed and handed to the engine). */
  reminded: number;
  /** Messages handed to the engine (one per text, channel and language). */
  messages: number;
}

/** A reminder picked for a day: who, which of their types are collected, and what their channel needs. */
interface Claimed extends ChannelFacts {
  residentId: string;
  /** The types the resident chose ([]: all). */
  chosen: string[];
  /** The street's types collected that day, comma-separated. */
  collected: string;
  language: string | null;
}

interface Picked {
  kind: WasteReminderDay;
  day: string;
  rows: Claimed[];
}

/** Whether any active reminder of this kind falls in the slot and still waits for the day (the due index answers). */
async function anyDue(tx: Tx, tenantId: string, kind: WasteReminderDay, slot: LocalSlot, day: string): Promise<boolean> {
  const rows = await queryRows<{ due: boolean }>(
    tx,
    sql`select exists (select 1 from waste_reminders
          where tenant_id = ${tenantId} and active and day = ${kind} and minute_of_day between ${slot.from} and ${slot.to}
            and (last_reminded_for is null or last_reminded_for < ${day}::date)) as due`,
  );
  return Boolean(rows[0]?.due);
}

/**
 * Picks the due reminders whose street has a chosen type collected on `day` and moves them to that day in the same
 * statement. Only active follows: a resident who sent STOP or withdrew gets nothing (and an erased one has no row).
 * Under a concurrent run the UPDATE re-checks `last_reminded_for` on the locked row, so only one run claims it.
 * Returns each resident's chosen types ([] = all) and the street's types of the day: the texts intersect them.
 */
async function claimDue(
  tx: Tx,
  tenantId: string,
  kind: WasteReminderDay,
  slot: LocalSlot,
  day: string,
  collections: Array<{ streetId: string; typeIds: string[] }>,
) {
  if (!collections.length) return [];
  // one row per street, its types as a list: the join stays one row per reminder (no grouping of 100,000 rows)
  const streets = collections.map((c) => c.streetId);
  const lists = collections.map((c) => c.typeIds.join(','));
  return queryRows<Claimed>(
    tx,
    sql`with coll as (
          select c.street_id, string_to_array(c.list, ',') as types, c.list
            from unnest(${sql.param(streets)}::uuid[], ${sql.param(lists)}::text[]) as c(street_id, list)
        ),
        claimed as (
          update waste_reminders w set last_reminded_for = ${day}::date
            from coll c, follows f
           where w.tenant_id = ${tenantId} and w.active and w.day = ${kind}
             and w.minute_of_day between ${slot.from} and ${slot.to}
             and (w.last_reminded_for is null or w.last_reminded_for < ${day}::date)
             and c.street_id = w.street_id and (w.type_ids = '[]'::jsonb or w.type_ids ?| c.types)
             and f.tenant_id = w.tenant_id and f.resident_id = w.resident_id and f.status = 'active'
          returning w.resident_id, w.type_ids, c.list, f.channels, f.language
        )
        select c.resident_id as "residentId", c.type_ids as "chosen", c.list as "collected", r.phone_enc as "phoneEnc",
               r.email_enc as "emailEnc", r.email_verified_at is not null as "emailVerified", c.channels,
               coalesce(c.language, r.language) as language
          from claimed c join residents r on r.id = c.resident_id`,
  );
}

/** The collection types by id, in the municipality's order, for the texts. */
async function typeNames(tx: Tx, tenantId: string): Promise<Map<string, { name: string; position: number }>> {
  const rows = await queryRows<{ id: string; name: string; position: number }>(
    tx,
    sql`select id, name, position from waste_types where tenant_id = ${tenantId}`,
  );
  return new Map(rows.map((r) => [r.id, { name: r.name, position: Number(r.position) }]));
}

/** Claims everything due at `now` in the caller's tenant transaction. */
async function claimAllDue(tx: Tx, tenant: TenantRow, now: Date): Promise<Picked[]> {
  const picked: Picked[] = [];
  const collections = new Map<string, Array<{ streetId: string; typeIds: string[] }>>();
  for (const slot of dueSlots(now, tenant.timeZone))
    for (const kind of KINDS) {
      const day = collectionDayOf(slot.date, kind);
      if (!(await anyDue(tx, tenant.id, kind, slot, day))) continue;
      if (!collections.has(day)) collections.set(day, await collectionsOn(tx, tenant.id, day));
      const rows = await claimDue(tx, tenant.id, kind, slot, day, collections.get(day)!);
      if (rows.length) picked.push({ kind, day, rows });
    }
  return picked;
}

interface Group {
  kind: WasteReminderDay;
  day: string;
  names: string[];
  channel: 'sms' | 'email';
  locale: Locale;
  recipients: CheckedRecipient[];
}

/**
 * Groups the picked residents by what they get: the same text, on the same channel, in the same language. The address
 * is checked here (a stored number must be a mobile number), so the engine takes it as it is. Returns also how many
 * residents had no usable address.
 */
function groupByText(deps: AppDeps, picked: Picked[], types: Map<string, { name: string; position: number }>) {
  const groups = new Map<string, Group>();
  let unreachable = 0;
  // the resident chose this moment: quiet hours do not hold it back (real time: the engine compares with it)
  const notBefore = new Date();
  for (const { kind, day, rows } of picked)
    for (const r of rows) {
      const collected = r.collected.split(',');
      const chosen = r.chosen.length ? collected.filter((id) => r.chosen.includes(id)) : collected;
      const known = chosen.filter((id) => types.has(id)).sort((a, b) => types.get(a)!.position - types.get(b)!.position);
      if (!known.length) continue;
      const address = channelOf(deps.config.secretKey, r);
      if (!address) {
        unreachable++;
        continue;
      }
      const names = known.map((id) => types.get(id)!.name);
      const locale = asLocale(r.language);
      const key = [kind, day, known.join(','), address.channel, locale].join('|');
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { kind, day, names, channel: address.channel, locale, recipients: [] }));
      const to = address.channel === 'sms' ? address.sms : address.email;
      g.recipients.push({ residentId: r.residentId, channel: address.channel, address: to, notBefore });
    }
  return { groups: [...groups.values()], unreachable };
}

/** The reminder text: the day, the types, the calendar link; e-mails also say why they come and where to change it. */
function reminderText(deps: AppDeps, tenant: TenantRow, g: Group) {
  const base = `${deps.config.publicUrl}/m/${tenant.slug}/waste`;
  const vars = { tenant: tenant.name, types: g.names.join(', '), link: base, settings: `${base}/reminder` };
  const tomorrow = g.kind === 'day_before';
  const text = t(g.locale, tomorrow ? 'waste.reminder.tomorrow' : 'waste.reminder.today', vars);
  if (g.channel === 'sms') return { text, url: base };
  return {
    subject: t(g.locale, tomorrow ? 'waste.reminder.subjectTomorrow' : 'waste.reminder.subjectToday', vars),
    text: `${text}\n\n${t(g.locale, 'waste.reminder.footer', vars)}`,
    url: base,
  };
}

/**
 * Sends one municipality's reminders due at `now`. Claim and hand-over share one tenant transaction: when anything
 * fails, nothing is claimed and the next minute's run (which looks back two hours) sends the reminders.
 */
export async function remindTenant(deps: AppDeps, tenant: TenantRow, now: Date): Promise<ReminderRun> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const since = (from: number) => Math.round(performance.now() - from);
  const timing = { claimMs: 0, groupMs: 0, writeMs: 0 };
  const handed = await deps.db.withTenant(tenant.id, async (tx) => {
    const picked = await claimAllDue(tx, tenant, now);
    if (!picked.length) return null;
    const types = await typeNames(tx, tenant.id);
    timing.claimMs = since(started);
    const { groups, unreachable } = groupByText(deps, picked, types);
    timing.groupMs = since(started) - timing.claimMs;
    if (unreachable) deps.log.warn({ tenant: tenant.slug, unreachable }, 'waste reminders: residents without a usable address');
    const prepared: PreparedSend[] = [];
    let reminded = 0;
    for (const g of groups) {
      const content = { kind: 'message' as const, ...reminderText(deps, tenant, g), language: g.locale };
      prepared.push(await writeCheckedSend(deps, tx, tenant.id, SYSTEM, content, g.recipients, { audit: { wasteReminder: { day: g.day, when: g.kind } } }));
      reminded += g.recipients.length;
    }
    timing.writeMs = since(started) - timing.claimMs - timing.groupMs;
    return { prepared, reminded };
  });
  if (!handed) return { reminded: 0, messages: 0 };
  // after the commit; a batch whose enqueue is lost is found by the delivery sweeper
  for (const p of handed.prepared) await enqueueSend(deps, p);
  const run = { reminded: handed.reminded, messages: handed.prepared.length };
  // this process's CPU time (user + kernel) beside the wall time: the share the database (and a busy machine) adds shows
  const { user, system: kernel } = process.cpuUsage(cpu);
  const cpuMs = Math.round((user + kernel) / 1000);
  deps.log.debug({ tenant: tenant.slug, ...run, ...timing, totalMs: since(started), cpuMs }, 'waste reminders run');
  return run;
}

/** Every municipality's reminders due at `now` (one failing municipality does not stop the others). */
export async function remindAll(deps: AppDeps, now: Date = clock.now()): Promise<ReminderRun> {
  const total: ReminderRun = { reminded: 0, messages: 0 };
  await forEachTenant(deps, 'waste reminders failed', async (tenant) => {
    const run = await remindTenant(deps, tenant, now);
    total.reminded += run.reminded;
    total.messages += run.messages;
  });
  // the send workers of this process were woken when the batches were enqueued (enqueueBatches)
  if (total.messages) deps.log.info(total, 'waste reminders sent');
  return total;
}

// the next minute's run is the retry: it looks back two hours
export const wasteRemindersJob = everyMinuteJob('waste.reminders', (ctx) => remindAll(ctx, clock.now()));
