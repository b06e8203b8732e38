// The inbox (Posteingang): conversations with residents and unknown senders, worked by staff with deadlines.
export { publishInbox } from './inbox.events.ts';
export { appendSearch } from './conversations.repository.ts';
export { inboxRoutes } from './inbox.routes.ts';
export { inboxSettingsRoutes } from './settings.routes.ts';
export { applyInboxRetention, inboxRetentionJob, type RetentionCounts } from './retention.job.ts';
export { type InboundInput, recordInbound } from './inbound.ts';
export { DEFAULT_DEPARTMENT, pickAssignee, type RoutingFacts, routeDepartment } from './routing.ts';
export { threadInboundJob, wakeThreaderOnInbound } from './threading.job.ts';
export { threadPending } from './threading.ts';
export { calendarFor, computeDeadlines, type DeadlineDepartment, type DeadlineTenant, reminderHorizon, targetsFor } from './deadlines.ts';
export { notifyStaff, type StaffNotice, staffRecipients } from './notifications.service.ts';
export { checkAllDeadlines, checkTenantDeadlines, inboxDeadlinesJob } from './deadlines.job.ts';
// the deadline watch, which the reports run on their own table
export { checkAllTenants, checkTenantWatch, deadlineNeedsAction, sqlTime } from './deadline-watch.ts';
export type { DeadlineRun, DeadlineWatch, ReminderHorizons, WatchCandidate } from './deadline-watch.ts';
export { CONTACT_LIMITS, contactRoutes } from './contact.routes.ts';
export { listDepartments as listInboxDepartments, patchDepartment as patchInboxDepartment, replaceRules } from './settings.service.ts';
export { createCanned } from './canned.service.ts';
