// Warnings: issue, update, cancel and all-clear to everyone in an area on every channel, CAP 1.2 documents and their
// Atom index, and the current warnings the portal shows on every page.
export { warningRoutes } from './warnings.routes.ts';
export { warningPublicRoutes } from './warnings.public.routes.ts';
export { allClearWarning, cancelWarning, type IssueOptions, issueWarning, updateWarning, type WarningSource } from './warnings.service.ts';
export { currentWarnings, getWarning, listWarnings, type WarningBanner } from './warnings.present.ts';
export { CAP_NS, capDateTime } from './warnings.cap.ts';
export { seedDemoWarnings } from './warnings.demo.ts';
export { capFeedRoutes, capPollDueJob, capPollJob } from './cap-in/index.ts';
