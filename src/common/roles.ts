// Staff roles per tenant, shared by server and console. Order: most rights first.
export const ROLES = ['owner', 'admin', 'editor', 'approver', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that may change tenant settings, staff and see the audit log and dev outbox. */
export const MANAGER_ROLES: readonly Role[] = ['owner', 'admin'];
export const ALL_ROLES: readonly Role[] = ROLES;

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
