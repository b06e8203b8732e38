// Reports (Mängelmelder, issue 11): categories, filing and working reports, their deadlines; Open311 and the portal
// build on these functions.
export { createCategory, deleteCategory, forwardSecret, getCategory, listCategories, updateCategory } from './categories.service.ts';
export {
  addComment,
  assignReport,
  changeStatus,
  checkAttributes,
  type FileReportOptions,
  fileReport,
  findNearbyOpen,
  followReport,
  getReportsSettings,
  patchReport,
  type ReportWho,
  type SystemWho,
  REPORT_TRANSITIONS,
  reopenReport,
  reviewPhoto,
  updateReportsSettings,
} from './reports.service.ts';
export { distanceM, insideMunicipality, nearestAddress } from './reports.location.ts';
export { checkAllReportDeadlines, checkTenantReportDeadlines, reportDeadlinesJob } from './reports.deadlines.job.ts';
export {
  PHOTO_MAX_PIXELS,
  PHOTO_REJECTIONS,
  type PhotoRejection,
  type PreparedPhoto,
  photoError,
  photoRejectionOf,
  preparePhoto,
  publicPhotoUrl,
  staffPhotoPath,
} from './photos.ts';
export { reportPhotoPublicRoutes, reportPhotoRoutes } from './photos.routes.ts';
export { getReport, listReports, publicReport, publicReports, type PublicReportsQuery, reportMapJson, reportMapQuery } from './reports.queries.ts';
export { createOpen311Key, listOpen311Keys, revokeOpen311Key, verifyOpen311Key } from './open311-keys.service.ts';
export { FORWARD_POLICY, forwardDue, forwardReportsJob, forwardTenantDue, wakeForwarderOnFiled } from './forward.job.ts';
export { forwardPollJob, pollForwarded, pollTenantForwarded } from './forward.poll.job.ts';
export { reportRoutes } from './reports.routes.ts';
export { reportCategoryRoutes } from './categories.routes.ts';
export { reportSettingsRoutes } from './settings.routes.ts';
export { REPORT_FORM_LIMITS, reportPortalRoutes } from './portal.routes.ts';
