// Staff accounts, their memberships and roles per tenant, departments and invitations.
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ASSIGNMENT_MODES, ROLES } from '../../../../common/states.ts';
import { at, createdAt, enumChecks, id, jsonList, ownedBy } from './columns.ts';
import { tenantKeyedTable, tenantTable } from './tenant-table.ts';
import type { OpeningHours } from '../../../../common/opening-hours.ts';
import { networks } from './tenants.ts';

export const staffUsers = pgTable('staff_users', {
  id: id().primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull().default(''),
  passwordHash: text('password_hash').notNull(),
  locale: text('locale').notNull().default('de'),
  totpSecret: text('totp_secret'),
  totpEnabled: boolean('totp_enabled').notNull().default(false),
  recoveryCodes: jsonList('recovery_codes'),
  /** The last accepted TOTP time step: a code is never accepted twice (RFC 6238 §5.2). */
  totpLastStep: integer('totp_last_step'),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: at('locked_until'),
  lastLoginAt: at('last_login_at'),
  /** Installation operator: a role above tenants (installation mails, creating municipalities); set by the CLI. */
  isOperator: boolean('is_operator').notNull().default(false),
  createdAt: createdAt(),
});

export const networkStaff = pgTable(
  'network_staff',
  {
    networkId: ownedBy('network_id', () => networks.id),
    userId: ownedBy('user_id', () => staffUsers.id),
    role: text('role', { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.networkId, t.userId] }), ...enumChecks('network_staff', t.role)],
);

export const departments = tenantTable(
  'departments',
  {
    name: text('name').notNull(),
    email: text('email'),
    /** Business hours of this department; null: the municipality's (tenants.inbox_settings.openingHours). */
    openingHours: jsonb('opening_hours').$type<OpeningHours>(),
    /** Deadlines in business hours; null: the municipality's. */
    firstResponseHours: integer('first_response_hours'),
    resolutionHours: integer('resolution_hours'),
    /** Who overdue conversations escalate to. */
    leadUserId: uuid('lead_user_id'),
    assignment: text('assignment', { enum: ASSIGNMENT_MODES }).notNull().default('round-robin'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('departments_name_uq').on(t.tenantId, t.name), ...enumChecks('departments', t.assignment)],
);

export const memberships = tenantKeyedTable(
  'memberships',
  {
    userId: ownedBy('user_id', () => staffUsers.id),
    role: text('role', { enum: ROLES }).notNull(),
    departmentId: uuid('department_id'),
    /** Takes new conversations by round-robin (the inbox's "available" switch). */
    available: boolean('available').notNull().default(true),
    /** When round-robin last gave this member a conversation: the one waiting longest is next. */
    lastAssignedAt: at('last_assigned_at'),
    createdAt: createdAt(),
  },
  (t) => [t.userId],
  (t) => [index('memberships_user_idx').on(t.userId), ...enumChecks('memberships', t.role)],
);

export const invitations = tenantTable(
  'invitations',
  {
    email: text('email').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    departmentId: uuid('department_id'),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: uuid('invited_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    expiresAt: at('expires_at').notNull(),
    acceptedAt: at('accepted_at'),
    createdAt: createdAt(),
  },
  (t) => enumChecks('invitations', t.role),
);
