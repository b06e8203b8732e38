// The CSV export of reports: the list's filters, up to 100,000 rows read in keyset pages, `;` as German spreadsheets
// expect and a byte order mark so Excel reads UTF-8. No contact data, so any member may export; it is audited anyway.
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { eachReportPage, type ListFilter } from './reports.queries.ts';
import type { ReportWho } from './reports.service.ts';

export const REPORT_CSV_MAX_ROWS = 100_000;
const COLUMNS = ['number', 'created', 'category', 'status', 'address', 'lat', 'lng', 'department', 'assignee', 'due', 'expected', 'closed'];

// a cell that starts like a formula would run in a spreadsheet
export function csvCell(value: string | number | null): string {
  const v = value === null ? '' : String(value);
  const safe = /^[=@+\-\t\r]/.test(v) && typeof value !== 'number' ? `'${v}` : v;
  return /[";\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export async function reportsCsv(deps: AppDeps, actor: Actor, who: ReportWho, filter: ListFilter): Promise<string> {
  const lines = [COLUMNS.join(';')];
  const rows = await eachReportPage(deps, who, filter, REPORT_CSV_MAX_ROWS, (page) => {
    for (const r of page) {
      const cells = [
        r.number,
        r.createdAt,
        r.categoryName,
        r.status,
        r.address,
        r.lat,
        r.lng,
        r.departmentName,
        r.assigneeName,
        r.nextDueAt,
        r.expectedAt,
        r.closedAt,
      ];
      lines.push(cells.map(csvCell).join(';'));
    }
  });
  await deps.db.withTenant(who.tenant.id, (tx) =>
    recordAudit(tx, who.tenant.id, actor, { action: 'reports.exported', objectType: 'report', details: { rows, filter } }),
  );
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
