// Shapes of the reports API as the console reads them (imported from the shared contracts so they cannot drift
// apart), what every part of Meldungen needs to know about where it is, and the lists the filters and pickers share.
import type { z } from 'zod';
import type { open311Key, open311KeyCreated, reportList, reportsSettings } from '../../../../common/contracts/reports.ts';
import { tenantPath } from '../../api.ts';
import { useDepartmentsAndStaff } from '../../components/Pickers.tsx';
import { useLoad } from '../../components/useLoad.ts';
import type { Items } from '../../types.ts';

export type {
  ReportCategory,
  ReportDetail,
  ReportFieldDef,
  ReportItem,
  ReportMap,
  ReportSummary,
} from '../../../../common/contracts/reports.ts';
export type ReportPage = z.infer<typeof reportList>;
export type ReportsSettings = z.infer<typeof reportsSettings>;
export type Open311Key = z.infer<typeof open311Key>;
export type Open311KeyCreated = z.infer<typeof open311KeyCreated>;

export interface ReportsContext {
  slug: string;
  userId: string;
  canWork: boolean;
  canManage: boolean;
}

export const reportsBase = (slug: string) => tenantPath(slug, '/reports');
export const reportPath = (slug: string, id: string) => `${reportsBase(slug)}/${encodeURIComponent(id)}`;
export const categoriesPath = (slug: string) => tenantPath(slug, '/report-categories');

/** Categories, departments and staff for filters and pickers: one cached request each for the whole section. */
export function useReportLookups(slug: string) {
  const categories = useLoad<Items<import('../../../../common/contracts/reports.ts').ReportCategory>>(categoriesPath(slug));
  return { categories: categories.data?.items ?? [], ...useDepartmentsAndStaff(slug) };
}
