// Small pieces the list, the map and the detail share: the status in words on its colour, and the due time with an
// "überfällig" badge (said in words, never by colour alone).
import { REPORT_STATUSES, type ReportStatus } from '../../../../common/states.ts';
import type { Choice } from '../../components/Pickers.tsx';
import { useI18n } from '../../i18n.tsx';
import { DueTime } from '../inbox/DueTime.tsx';
import { STATUS_COLORS } from './format.ts';
import { useReportLookups } from './types.ts';

/** Every report status, in words, as the choices of a select (the list's and the map's filter). */
export function useStatusChoices(): Choice[] {
  const { tOr } = useI18n();
  return REPORT_STATUSES.map((s) => ({ value: s, label: tOr(`reports.status.${s}`, s) }));
}

/** The municipality's report categories as the choices of a select. */
export function useCategoryChoices(slug: string): Choice[] {
  return useReportLookups(slug).categories.map((c) => ({ value: c.id, label: c.name }));
}

export function StatusBadge({ status, testId }: { status: ReportStatus; testId?: string }) {
  const { tOr } = useI18n();
  return (
    <span className="status-pill" style={{ background: STATUS_COLORS[status] }} data-testid={testId} data-status={status}>
      {tOr(`reports.status.${status}`, status)}
    </span>
  );
}

export function DueCell({ at, overdue, testId }: { at: string | null; overdue: boolean; testId?: string }) {
  const { t } = useI18n();
  if (!overdue) return <DueTime at={at} overdue={false} testId={testId} />;
  // the badge holds the words ("überfällig seit 2 Tagen"), so overdue is said once, not only shown in red
  return (
    <span className="badge overdue-badge" data-testid="overdue-badge">
      {at ? <DueTime at={at} overdue testId={testId} /> : t('reports.overdue')}
    </span>
  );
}
