// A report as the staff list shows it: the one presenter of the list, the map and the detail view (which adds its
// history, photos and contact to it), so the three cannot drift apart.
import type { ReportSummary } from '../../../common/contracts/reports.ts';
import { OPEN_REPORT_STATUSES, type ReportStatus } from '../../../common/states.ts';
import type { reports } from '../../platform/db/schema.ts';

import { isoOrNull as iso } from '../../platform/db/timestamps.ts';
import { isOverdue } from '../../platform/overdue.ts';

export { iso };
const isOpen = (s: ReportStatus) => (OPEN_REPORT_STATUSES as readonly string[]).includes(s);

type SummaryColumns =
  | 'id'
  | 'number'
  | 'status'
  | 'categoryId'
  | 'description'
  | 'lat'
  | 'lng'
  | 'address'
  | 'source'
  | 'contactKind'
  | 'departmentId'
  | 'assigneeId'
  | 'nextDueAt'
  | 'expectedAt'
  | 'closedAt'
  | 'createdAt'
  | 'updatedAt';

/** The report's own columns, the names joined to it and its photo counts (numbers, or the driver's strings). */
export type SummarySource = Pick<typeof reports.$inferSelect, SummaryColumns> & {
  categoryName: string | null;
  departmentName: string | null;
  assigneeName: string | null;
  photoCount: number | string;
  pendingPhotos: number | string;
};

export function presentSummary(r: SummarySource): ReportSummary {
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    categoryId: r.categoryId,
    categoryName: r.categoryName ?? '',
    description: r.description,
    lat: r.lat,
    lng: r.lng,
    address: r.address,
    source: r.source,
    contactKind: r.contactKind,
    departmentId: r.departmentId,
    departmentName: r.departmentName,
    assigneeId: r.assigneeId,
    assigneeName: r.assigneeName,
    photoCount: Number(r.photoCount),
    pendingPhotos: Number(r.pendingPhotos),
    nextDueAt: iso(r.nextDueAt),
    expectedAt: iso(r.expectedAt),
    overdue: isOverdue(isOpen(r.status), iso(r.nextDueAt)),
    closedAt: iso(r.closedAt),
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}
