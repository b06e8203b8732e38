// Drizzle table definitions, one file per module. Tenant-owned tables carry tenant_id first in their primary key
// (ready for Citus). drizzle.config.ts reads this folder; the rest of the code imports '../db/schema.ts'.
export * from './audit.ts';
export * from './auth.ts';
export * from './cap-feeds.ts';
export * from './delivery.ts';
export * from './geo.ts';
export * from './networks.ts';
export * from './messages.ts';
export * from './outbox.ts';
export * from './residents.ts';
export * from './staff.ts';
export * from './tenants.ts';
export * from './warnings.ts';
export * from './inbox.ts';
export * from './reports.ts';
export * from './surveys.ts';
export * from './events.ts';
export * from './waste.ts';
