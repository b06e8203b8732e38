// Schedules: one collection type for one district or street, by a rule from a first to a last day. Saving expands the
// rule to dates (moved off public holidays when asked); the list says how many dates that gave.
import { useState } from 'react';
import type { WasteSchedule } from '../../../../common/contracts/waste.ts';
import { api } from '../../api.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useAction } from '../../components/useAction.ts';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { formatDay } from './format.ts';
import { fromRrule } from './rule.ts';
import { ScheduleForm, type ScheduleDraft } from './ScheduleForm.tsx';
import { type WasteCtx, wastePath } from './context.ts';

export function WasteSchedules({ ctx }: { ctx: WasteCtx }) {
  const { t, locale } = useI18n();
  const schedules = useLoad<{ items: WasteSchedule[] }>(wastePath(ctx.slug, '/schedules'));
  const [draft, setDraft] = useState<ScheduleDraft | null>(null);
  const { error, done, run, busy } = useAction(() => setDraft(null));
  const typeName = new Map(ctx.types.map((x) => [x.id, x.name]));
  const target = (s: WasteSchedule) =>
    s.districtId
      ? t('waste.schedule.district', { name: ctx.districts.find((d) => d.id === s.districtId)?.name ?? '?' })
      : (ctx.streets.find((x) => x.id === s.streetId)?.name ?? '?');
  const columns: Array<Column<WasteSchedule> | false> = [
    { key: 'type', header: t('waste.schedule.type'), rowHeader: true, cell: (s) => typeName.get(s.typeId) ?? '?' },
    { key: 'target', header: t('waste.schedule.target'), cell: target },
    { key: 'rule', header: t('waste.schedule.rule'), cell: (s) => <RuleText rrule={s.rrule} /> },
    { key: 'range', header: t('waste.schedule.range'), cell: (s) => `${formatDay(s.startsOn, locale)} – ${formatDay(s.endsOn, locale)}` },
    { key: 'dates', header: t('waste.schedule.dates'), className: 'num', cell: (s) => s.dates },
    ctx.canManage && {
      key: 'actions',
      header: t('common.actions'),
      cell: (s) => (
        <span className="button-row">
          <button type="button" className="button-small" disabled={busy} onClick={() => setDraft({ ...s })}>
            {t('waste.edit')}
          </button>
          <button
            type="button"
            className="button-small button-danger"
            disabled={busy}
            onClick={() => {
              if (window.confirm(t('waste.schedule.deleteConfirm')))
                void run(() => api.del(wastePath(ctx.slug, `/schedules/${encodeURIComponent(s.id)}`)), t('waste.schedule.deleted'));
            }}
          >
            {t('common.delete')}
          </button>
        </span>
      ),
    },
  ];
  const year = new Date().getFullYear();
  const fresh: ScheduleDraft = {
    typeId: ctx.types[0]?.id ?? '',
    districtId: ctx.districts[0]?.id ?? null,
    streetId: ctx.districts[0] ? null : (ctx.streets[0]?.id ?? null),
    rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO',
    startsOn: `${year}-01-01`,
    endsOn: `${year}-12-31`,
    holidayShift: true,
  };
  return (
    <>
      <p className="hint">{t('waste.schedule.intro')}</p>
      <Problem error={schedules.error ?? error} />
      <Success>{done}</Success>
      <DataTable
        caption={t('waste.view.schedules')}
        columns={columns}
        rows={schedules.data?.items ?? []}
        rowKey={(s) => s.id}
        loading={schedules.loading}
        empty={t('waste.schedule.empty')}
        testId="waste-schedules"
        scrollable
      />
      {ctx.canManage && !draft ? (
        <p>
          <button type="button" onClick={() => setDraft(fresh)} data-testid="waste-schedule-new" disabled={!ctx.types.length}>
            {t('waste.schedule.new')}
          </button>
        </p>
      ) : null}
      {draft ? <ScheduleForm ctx={ctx} draft={draft} onCancel={() => setDraft(null)} onSaved={(m) => void run(async () => undefined, m)} /> : null}
    </>
  );
}

const DAY_KEYS = { MO: 'waste.day.MO', TU: 'waste.day.TU', WE: 'waste.day.WE', TH: 'waste.day.TH', FR: 'waste.day.FR', SA: 'waste.day.SA' } as const;

function RuleText({ rrule }: { rrule: string }) {
  const { t } = useI18n();
  const r = fromRrule(rrule);
  if (r.kind === 'weekly' && r.interval === 1) return <>{t('waste.rule.everyWeekText', { day: t(DAY_KEYS[r.day]) })}</>;
  if (r.kind === 'weekly') return <>{t('waste.rule.weeklyText', { n: r.interval, day: t(DAY_KEYS[r.day]) })}</>;
  if (r.kind === 'monthly') return <>{t('waste.rule.monthlyText', { n: r.nth, day: t(DAY_KEYS[r.day]) })}</>;
  return <code>{rrule}</code>;
}
