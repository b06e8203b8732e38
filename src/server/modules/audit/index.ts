// Audit log view: every staff change to data, per tenant, append-only.
export { auditRoutes } from './audit.routes.ts';
