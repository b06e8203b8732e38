// The one policy table: which roles hold which permission in a municipality. Every tenant route declares the
// permission it needs (`config: { permission }`) and the tenant scope checks it here; the console asks `can()` to
// show or hide the same actions, so server and console cannot disagree.
import type { Role } from './roles.ts';

const MANAGERS = ['owner', 'admin'] as const satisfies readonly Role[];
const EVERYONE = ['owner', 'admin', 'editor', 'approver', 'agent', 'viewer'] as const satisfies readonly Role[];
/** Who writes to residents: messages, surveys, events. */
const WRITERS = ['owner', 'admin', 'editor', 'approver'] as const satisfies readonly Role[];
/** Who answers residents: only these roles see message bodies and contacts in the inbox. */
const INBOX_WORKERS = ['owner', 'admin', 'agent'] as const satisfies readonly Role[];

export const POLICY = {
  /** The municipality's settings, as the console shows them to every member. */
  'tenant.read': EVERYONE,
  /** Settings, branding, logo. */
  'tenant.manage': MANAGERS,
  /** Who works here and in which department. */
  'staff.read': EVERYONE,
  /** Roles, removals, invitations, departments. */
  'staff.manage': MANAGERS,
  'audit.read': MANAGERS,
  /** The dev outbox: full texts of outgoing messages. */
  'outbox.read': MANAGERS,
  /** Send a message to residents. */
  'messages.send': WRITERS,
  /** A message's state and deliveries, and cost estimates. */
  'messages.read': EVERYONE,
  /** Write, edit, submit, schedule and send staff messages (sending directly only where no approval is required). */
  'messages.write': WRITERS,
  /** Approve or reject another person's message. */
  'messages.approve': ['owner', 'admin', 'approver'],
  /** A test message to one's own number or address. */
  'messages.test': MANAGERS,
  /** Channel providers and their routing weights (config, never secrets). */
  'providers.manage': MANAGERS,
  /** Streets, areas, map tiles, coverage and audience counts (no personal data). */
  'geo.read': EVERYONE,
  'geo.manage': MANAGERS,
  /** Residents' contact data, consents and scanned forms (each view audited). */
  'residents.read': ['owner', 'admin', 'editor', 'approver', 'agent'],
  /** Register by hand, change preferences, withdraw, attach scans, GDPR requests. */
  'residents.write': ['owner', 'admin', 'agent'],
  /** CSV imports, synchronous or as background runs. */
  'residents.import': MANAGERS,
  /** The bulk CSV export. */
  'residents.export': MANAGERS,
  /** Erasure under Art. 17. */
  'residents.erase': MANAGERS,
  'topics.read': EVERYONE,
  'topics.manage': MANAGERS,
  /** Warnings, current and past, with their delivery counts. */
  'warnings.read': EVERYONE,
  /** Issue a warning, update it, cancel it, give the all-clear. */
  'warnings.issue': ['owner', 'admin', 'editor'],
  /** Inbox counts and figures (unanswered, overdue, response times): no contact data, no message bodies. */
  'inbox.counts': EVERYONE,
  /** Conversations with their contacts and message bodies (each view audited). */
  'inbox.read': INBOX_WORKERS,
  /** Reply, note, claim, assign, change status and tags, merge; one's own availability. */
  'inbox.work': INBOX_WORKERS,
  /** Routing rules, deadlines, business hours, canned responses, retention. */
  'inbox.manage': MANAGERS,
  /** Reports (Mängelmelder): list, map, details and history, without the reporter's contact. */
  'reports.read': EVERYONE,
  /** Confirm, assign, claim, change status, comment, approve photos, file by hand; the reporter's contact (audited). */
  'reports.work': INBOX_WORKERS,
  /** Categories with extra fields and forwarding, report settings, Open311 integrator keys. */
  'reports.manage': MANAGERS,
  /** Surveys with their results and free-text answers (never who answered what). */
  'surveys.read': EVERYONE,
  /** Write, publish, close and announce surveys; the outcome note; the CSV export. */
  'surveys.write': WRITERS,
  /** Events and their RSVP counts. */
  'events.read': EVERYONE,
  /** Create, change, publish, cancel and invite to events. */
  'events.write': WRITERS,
  /** The attendee list with names and the check-in (each view audited). */
  'events.attendees': ['owner', 'admin', 'editor', 'approver', 'agent'],
  /** The waste calendar: types, districts, schedules, dates (no personal data). */
  'waste.read': EVERYONE,
  /** Change the waste calendar, import it from CSV. */
  'waste.manage': ['owner', 'admin', 'editor'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof POLICY;
export const PERMISSIONS = Object.keys(POLICY) as Permission[];

export const isPermission = (value: unknown): value is Permission => typeof value === 'string' && Object.hasOwn(POLICY, value);

/** Whether a member with this role holds the permission. */
export const can = (role: Role, permission: Permission): boolean => (POLICY[permission] as readonly Role[]).includes(role);

/**
 * The network policy table: which network staff roles (network_staff.role) hold which permission in a network
 * (Landkreis, Verbund). Every /api/v1/networks/:network route declares `config: { networkPermission }`; the network
 * scope (src/server/platform/network-scope.ts) checks it here. A network role gives no right in a member municipality.
 */
export const NETWORK_POLICY = {
  /** The network, its member municipalities (names, follower counts) and its templates. */
  'network.read': EVERYONE,
  /** The network's shared message templates. */
  'network.templates': ['owner', 'admin', 'editor'],
  /** Send a message to members' residents: approved at network level, so only roles that may approve. */
  'network.send': ['owner', 'admin', 'approver'],
  /** Issue a warning in member municipalities. */
  'network.warn': WRITERS,
} as const satisfies Record<string, readonly Role[]>;

export type NetworkPermission = keyof typeof NETWORK_POLICY;
export const NETWORK_PERMISSIONS = Object.keys(NETWORK_POLICY) as NetworkPermission[];

export const isNetworkPermission = (value: unknown): value is NetworkPermission => typeof value === 'string' && Object.hasOwn(NETWORK_POLICY, value);

/** Whether network staff with this role hold the network permission. */
export const canInNetwork = (role: Role, permission: NetworkPermission): boolean => (NETWORK_POLICY[permission] as readonly Role[]).includes(role);
