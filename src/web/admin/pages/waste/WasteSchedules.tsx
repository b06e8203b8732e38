// Schedules: one collection type for one district or street, by a rule from a first to a last day. Saving expands the
// rule to dates (moved off public holidays when asked); the list says how many dates that gave.
import type { WasteSchedule } from '../../../../common/contracts/waste.ts';
import { api } from '../../api.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { EditableList, rowActionsColumn, useEditableList } from '../../components/EditableList.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { formatDay } from './format.ts';
import { fromRrule } from './rule.ts';
import { ScheduleForm, type ScheduleDraft } from './ScheduleForm.tsx';
import { type WasteCtx, wastePath } from './context.ts';

export function WasteSchedules({ ctx }: { ctx: WasteCtx }) {
  const { t, locale } = useI18n();
  const schedules = useLoad<{ items: WasteSchedule[] }>(wastePath(ctx.slug, '/schedules'));
  const list = useEditableList<ScheduleDraft>();
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
    ctx.canManage &&
      rowActionsColumn(list, t('common.actions'), {
        editLabel: t('waste.edit'),
        draftOf: (s) => ({ ...s }),
        confirm: () => t('waste.schedule.deleteConfirm'),
        del: (s) => api.del(wastePath(ctx.slug, `/schedules/${encodeURIComponent(s.id)}`)),
        deleted: () => t('waste.schedule.deleted'),
      }),
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
    <EditableList
      intro={t('waste.schedule.intro')}
      error={schedules.error ?? list.error}
      done={list.done}
      table={
        <DataTable
          caption={t('waste.view.schedules')}
          columns={columns}
          rows={schedules.data?.items ?? []}
          loading={schedules.loading}
          empty={t('waste.schedule.empty')}
          testId="waste-schedules"
          scrollable
        />
      }
      add={
        ctx.canManage && !list.draft
          ? { label: t('waste.schedule.new'), testId: 'waste-schedule-new', onClick: () => list.edit(fresh), disabled: !ctx.types.length }
          : null
      }
      form={list.draft ? <ScheduleForm ctx={ctx} draft={list.draft} onCancel={list.close} onSaved={list.saved} /> : null}
    />
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
