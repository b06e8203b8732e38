// Inbox figures (Auswertung) over a period, per department, person or channel and for the whole municipality, with
// a daily series of what was open and overdue at each day's end. One statement, one scan of the conversations that
// can matter (open now, or resolved after the period began): the series is built from +1/−1 events per day and a
// running sum, so its cost grows with the conversations, not with conversations × days.
import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { inboxFiguresQuery } from '../../../common/contracts/inbox.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { asLocale, t } from '../../i18n/index.ts';

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

/** Today's date in the municipality's time zone (YYYY-MM-DD). */
function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
const addDays = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The period: both dates inclusive, in the municipality's days; default the last 30 days up to today. */
export function figuresPeriod(query: Pick<Query, 'from' | 'to'>, timeZone: string, now = new Date()): { from: string; to: string } {
  const to = query.to ?? (query.from ? addDays(query.from, 29) : localDate(now, timeZone));
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
  const [result] = await deps.db.withTenant(tenant.id, (tx) =>
    queryRows<{ groups: GroupRow[] | null; series: Array<{ date: string; open: number; overdue: number }> | null }>(
      tx,
      figuresSql(tenant.id, tz, from, to, groupBy),
    ),
  );

  const groups = result?.groups ?? [];
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
  // a group that only held conversations resolved early in the period, with none new and none open, says nothing
  const rows = groups
    .filter((r) => !r.is_total && (r.conversations > 0 || r.open > 0))
    .map((r) => present(r, r.key, label(r.key)))
    .sort((a, b) => b.conversations - a.conversations || b.open - a.open || a.label.localeCompare(b.label, 'de'));
  return { from, to, total: present(total, null, t(lang, 'inbox.figures.total')), rows, series: result?.series ?? [] };
}

/** The one statement behind the figures (exported for EXPLAIN in the measurement script). */
export function figuresSql(tenantId: string, tz: string, from: string, to: string, groupBy: Query['groupBy']): SQL {
  const key = groupBy === 'department' ? sql`department_id::text` : groupBy === 'assignee' ? sql`assignee_id::text` : sql`channel`;
  return sql`
      with b as (
        select (${from}::date)::timestamp at time zone ${tz}::text as p_start,
               ((${to}::date + 1)::timestamp) at time zone ${tz}::text as p_end,
               least(${to}::date, (now() at time zone ${tz}::text)::date) as last_day
      ),
      c as materialized (
        select x.department_id, x.assignee_id, x.channel, x.status, x.next_due_at,
               x.first_inbound_at as fi, x.first_responded_at as fr, x.first_response_due_at as frd, x.resolution_due_at as rd,
               -- when it stopped being open: resolved_at, or the last change for a row resolved without one
               case when x.status in ('open', 'waiting') then null else coalesce(x.resolved_at, x.updated_at) end as r
        from conversations x, b
        where x.tenant_id = ${tenantId} and x.merged_into is null
          and (x.status in ('open', 'waiting') or (x.first_inbound_at < b.p_end and coalesce(x.resolved_at, x.updated_at) > b.p_start))
      ),
      g as (
        select grouping(${key}) as is_total, ${key} as key,
          (count(*) filter (where fi >= b.p_start and fi < b.p_end))::int as conversations,
          percentile_cont(0.5) within group (order by extract(epoch from (fr - fi))::float8 / 60)
            filter (where fi >= b.p_start and fi < b.p_end and fr is not null) as median,
          avg(case when fr is not null and fr <= frd then 1.0 else 0.0 end)
            filter (where fi >= b.p_start and fi < b.p_end and frd is not null and (frd <= now() or fr <= frd))::float8 as share,
          (count(*) filter (where status in ('open', 'waiting')))::int as open,
          (count(*) filter (where status in ('open', 'waiting') and next_due_at < now()))::int as overdue
        from c, b
        group by grouping sets ((${key}), ())
      ),
      ov as (
        select frd as s1, least(fr, r) as e1, rd as s2, r as e2,
               frd is not null and (least(fr, r) is null or frd < least(fr, r)) as v1,
               rd is not null and (r is null or rd < r) as v2
        from c
      ),
      ovm as (
        select *, v1 and v2 and s2 <= coalesce(e1, 'infinity') and s1 <= coalesce(e2, 'infinity') as joined from ov
      ),
      -- overdue spells: first response late [due, answered or resolved), resolution late [due, resolved); one spell when they touch
      spell as (
        select s1 as s, e1 as e from ovm where v1 and not joined
        union all select s2, e2 from ovm where v2 and not joined
        union all select least(s1, s2), case when e1 is null or e2 is null then null else greatest(e1, e2) end from ovm where joined
      ),
      -- a day counts a conversation open when fi <= its end < r, overdue when s < its end <= e; the end of today is now
      ev as (
        select ((fi - interval '1 microsecond') at time zone ${tz}::text)::date as day, 1 as o, 0 as d from c where fi <= now()
        union all select ((r - interval '1 microsecond') at time zone ${tz}::text)::date, -1, 0 from c where r <= now()
        union all select (s at time zone ${tz}::text)::date, 0, 1 from spell where s < now()
        union all select ((e - interval '1 microsecond') at time zone ${tz}::text)::date, 0, -1 from spell where e <= now()
      ),
      per_day as (
        select greatest(ev.day, ${from}::date) as day, sum(o) as o, sum(d) as d from ev, b where ev.day <= b.last_day group by 1
      ),
      series as (
        select to_char(s.day, 'YYYY-MM-DD') as date,
               (sum(coalesce(p.o, 0)) over w)::int as open, (sum(coalesce(p.d, 0)) over w)::int as overdue
        from b, generate_series(${from}::date, b.last_day, interval '1 day') as gs(day)
        cross join lateral (select gs.day::date as day) s
        left join per_day p on p.day = s.day
        window w as (order by s.day)
      )
      select (select json_agg(g) from g) as groups, (select json_agg(series order by date) from series) as series`;
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
