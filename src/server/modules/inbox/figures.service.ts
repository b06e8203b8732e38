// Inbox figures (Auswertung) over a period, per department, person or channel and for the whole municipality, with
// a daily series of what was open and overdue at each day's end. Two scans: one over the conversations that began in
// the period or are open now (the groups), one over those that can matter to the series (open now, or resolved after
// the period began): the series is built from +1/−1 changes per day and a running sum, so its cost grows with the
// conversations, not with conversations × days.
import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { inboxFiguresQuery } from '../../../common/contracts/inbox.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { asLocale, t } from '../../i18n/index.ts';
import { dateInZone } from '../../../common/time-zones.ts';

type Query = z.infer<typeof inboxFiguresQuery>;
const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

interface GroupRow {
  is_total: number;
  key: string | null;
  conversations: number;
  median: number | null;
  share: number | null;
  open: number;
  overdue: number;
}

const addDays = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The period: both dates inclusive, in the municipality's days; default the last 30 days up to today. */
export function figuresPeriod(query: Pick<Query, 'from' | 'to'>, timeZone: string, now = new Date()): { from: string; to: string } {
  const to = query.to ?? (query.from ? addDays(query.from, 29) : dateInZone(now, timeZone));
  const from = query.from ?? addDays(to, -29);
  const bad = (pointer: string, detail: string) => new AppError('validation_failed', 'The request has invalid fields.', [{ pointer, detail, code: 'invalid' }]);
  if (from > to) throw bad('/querystring/from', 'lies after "to"');
  if (daysBetween(from, to) >= MAX_DAYS) throw bad('/querystring/to', `the period is longer than ${MAX_DAYS} days`);
  return { from, to };
}

export async function inboxFigures(deps: AppDeps, tenant: TenantRow, query: Query, locale?: string) {
  const lang = asLocale(locale);
  const tz = tenant.timeZone;
  const { from, to } = figuresPeriod(query, tz);
  const groupBy = query.groupBy ?? 'department';

  const { groups, series } = await deps.db.withTenant(tenant.id, async (tx) => {
    const [b] = await queryRows<Bounds>(tx, boundsSql(tz, from, to));
    const groups = await queryRows<GroupRow>(tx, figuresSql(tenant.id, b, groupBy));
    const deltas = await queryRows<{ k: number; o: number; d: number }>(tx, seriesSql(tenant.id, b, tz, from));
    return { groups, series: runningSeries(from, b.ends.length, deltas) };
  });

  const keys = groups.filter((r) => !r.is_total && r.key !== null).map((r) => r.key as string);
  const names = await labelsFor(deps, tenant, groupBy, keys);
  const label = (k: string | null): string => {
    if (groupBy === 'channel') return k ? t(lang, `inbox.figures.channel.${k}` as Parameters<typeof t>[1]) || k : '';
    if (k === null) return t(lang, groupBy === 'department' ? 'inbox.figures.noDepartment' : 'inbox.figures.nobody');
    return names.get(k) ?? k;
  };
  const present = (r: GroupRow | undefined, k: string | null, l: string) => ({
    key: k,
    label: l,
    conversations: r?.conversations ?? 0,
    medianFirstResponseMinutes: r?.median == null ? null : Math.round(Number(r.median) * 10) / 10,
    withinDeadlineShare: r?.share == null ? null : Number(r.share),
    open: r?.open ?? 0,
    overdue: r?.overdue ?? 0,
  });
  const total = groups.find((r) => r.is_total);
  const rows = groups
    .filter((r) => !r.is_total && (r.conversations > 0 || r.open > 0))
    .map((r) => present(r, r.key, label(r.key)))
    .sort((a, b) => b.conversations - a.conversations || b.open - a.open || a.label.localeCompare(b.label, 'de'));
  return { from, to, total: present(total, null, t(lang, 'inbox.figures.total')), rows, series };
}

/** The period in instants: its start, its end, and the end of each day up to today (today's end is now). */
interface Bounds {
  p_start: string;
  p_end: string;
  ends: string[];
}

export function boundsSql(tz: string, from: string, to: string): SQL {
  return sql`
    select to_json((${from}::date)::timestamp at time zone ${tz}::text) #>> '{}' as p_start,
           to_json(((${to}::date + 1)::timestamp) at time zone ${tz}::text) #>> '{}' as p_end,
           coalesce(array(
             select to_json(least(((d::date + 1)::timestamp) at time zone ${tz}::text, now())) #>> '{}'
             from generate_series(${from}::date, least(${to}::date, (now() at time zone ${tz}::text)::date), interval '1 day') d
             order by d
           ), '{}') as ends`;
}

/**
 * Per group and in total (grouping sets): conversations that began in the period, the median first response, the
 * share answered within the deadline, and what is open and overdue now. One pass over the rows that began in the
 * period or are open now.
 */
export function figuresSql(tenantId: string, b: Bounds, groupBy: Query['groupBy']): SQL {
  const key = groupBy === 'department' ? sql`department_id::text` : groupBy === 'assignee' ? sql`assignee_id::text` : sql`channel`;
  const start = sql`${b.p_start}::timestamptz`;
  const end = sql`${b.p_end}::timestamptz`;
  const inPeriod = sql`first_inbound_at >= ${start} and first_inbound_at < ${end}`;
  return sql`
    select grouping(${key}) as is_total, ${key} as key,
      (count(*) filter (where ${inPeriod}))::int as conversations,
      percentile_cont(0.5) within group (order by extract(epoch from (first_responded_at - first_inbound_at))::float8 / 60)
        filter (where ${inPeriod} and first_responded_at is not null) as median,
      avg(case when first_responded_at <= first_response_due_at then 1.0 else 0.0 end)
        filter (where ${inPeriod} and first_response_due_at is not null
                and (first_response_due_at <= now() or first_responded_at <= first_response_due_at))::float8 as share,
      (count(*) filter (where status in ('open', 'waiting')))::int as open,
      (count(*) filter (where status in ('open', 'waiting') and next_due_at < now()))::int as overdue
    from conversations
    where tenant_id = ${tenantId} and merged_into is null and ((${inPeriod}) or status in ('open', 'waiting'))
    group by grouping sets ((${key}), ())`;
}

/**
 * The daily series as changes per day: each conversation adds +1 to "open" on the day its first message came and
 * −1 on the day it was resolved, +1/−1 to "overdue" where an overdue spell begins and ends (first response late:
 * [due, answered or resolved); resolution late: [due, resolved); one spell when they touch). A running sum
 * (runningSeries) turns the changes into the values at each day's end; changes before the period count on its first
 * day. Open at an end E: first <= E < resolved;
 * overdue: begin < E <= end.
 */
export function seriesSql(tenantId: string, b: Bounds, tz: string, from: string): SQL {
  // the day of an instant in the municipality's time zone, counted from the period's first day; instants after now
  // do not count yet (today ends now). Inclusive: the day whose end is at or after t; strict: whose end is after t.
  const day0 = sql`${from}::date`;
  const incl = (t: SQL) => sql`case when ${t} <= now() then ((${t} - interval '1 microsecond') at time zone ${tz}::text)::date - ${day0} end`;
  const strict = (t: SQL) => sql`case when ${t} < now() then (${t} at time zone ${tz}::text)::date - ${day0} end`;
  return sql`
    select ev.k, sum(ev.o)::int as o, sum(ev.d)::int as d
    from (
      select first_inbound_at as fi, first_responded_at as fr, first_response_due_at as frd, resolution_due_at as rd,
             case when status in ('open', 'waiting') then null else coalesce(resolved_at, updated_at) end as r
      from conversations
      where tenant_id = ${tenantId} and merged_into is null and first_inbound_at < ${b.p_end}::timestamptz
        and (status in ('open', 'waiting') or coalesce(resolved_at, updated_at) > ${b.p_start}::timestamptz)
    ) c
    cross join lateral (
      select least(c.fr, c.r) as e1,
             c.frd is not null and (least(c.fr, c.r) is null or c.frd < least(c.fr, c.r)) as v1,
             c.rd is not null and (c.r is null or c.rd < c.r) as v2
    ) s
    cross join lateral (select s.v1 and s.v2 and c.rd <= coalesce(s.e1, 'infinity') and c.frd <= coalesce(c.r, 'infinity') as joined) j
    -- unnest, not VALUES: a correlated VALUES list sets up its expressions again for every row
    cross join lateral unnest(
      array[
        ${incl(sql`c.fi`)},
        ${incl(sql`c.r`)},
        case when j.joined then ${strict(sql`least(c.frd, c.rd)`)} end,
        case when j.joined and s.e1 is not null and c.r is not null then ${incl(sql`greatest(s.e1, c.r)`)} end,
        case when s.v1 and not j.joined then ${strict(sql`c.frd`)} end,
        case when s.v1 and not j.joined then ${incl(sql`s.e1`)} end,
        case when s.v2 and not j.joined then ${strict(sql`c.rd`)} end,
        case when s.v2 and not j.joined then ${incl(sql`c.r`)} end
      ]::int[],
      array[1, -1, 0, 0, 0, 0, 0, 0],
      array[0, 0, 1, -1, 1, -1, 1, -1]
    ) as ev(k, o, d)
    where ev.k is not null
    group by ev.k`;
}

/** Running sums of the changes per day (k: days after the period's first day; before it counts on it, after the last not). */
function runningSeries(from: string, days: number, deltas: Array<{ k: number; o: number; d: number }>) {
  const open = new Array<number>(days + 1).fill(0);
  const overdue = new Array<number>(days + 1).fill(0);
  for (const { k, o, d } of deltas) {
    const day = Math.max(0, Number(k));
    if (day >= days) continue;
    open[day] += Number(o);
    overdue[day] += Number(d);
  }
  const out: Array<{ date: string; open: number; overdue: number }> = [];
  let o = 0;
  let d = 0;
  for (let k = 0; k < days; k++) {
    o += open[k];
    d += overdue[k];
    out.push({ date: addDays(from, k), open: o, overdue: d });
  }
  return out;
}

async function labelsFor(deps: AppDeps, tenant: TenantRow, groupBy: Query['groupBy'], keys: string[]): Promise<Map<string, string>> {
  if (keys.length === 0 || groupBy === 'channel') return new Map();
  const list = sql.param(keys);
  const rows = await deps.db.withTenant(tenant.id, (tx) =>
    groupBy === 'department'
      ? queryRows<{ id: string; name: string }>(tx, sql`select id::text, name from departments where id::text = any(${list}::text[])`)
      : queryRows<{ id: string; name: string }>(
          tx,
          sql`select id::text, coalesce(nullif(name, ''), email) as name from staff_users where id::text = any(${list}::text[])`,
        ),
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
