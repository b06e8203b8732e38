// Staff roles per tenant, shared by server and console. Order: most rights first.
export const ROLES = ['owner', 'admin', 'editor', 'approver', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

// What each role may do is the policy table's: src/common/permissions.ts (`can(role, permission)`).
export const ALL_ROLES: readonly Role[] = ROLES;

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
