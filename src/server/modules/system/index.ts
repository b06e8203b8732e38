// Operations: health, readiness, metrics and maintenance jobs.
export { systemRoutes } from './system.routes.ts';
export { purgeExpiredJob } from './system.jobs.ts';
