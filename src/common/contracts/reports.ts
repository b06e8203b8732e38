// Reports (Mängelmelder) as the staff API takes and answers them, and the shapes the portal and Open311 share:
// categories with extra fields, reports, their history and photos, the map, settings, Open311 integrator keys.
// Shared by server (route schemas) and console (types, form validation).
import { z } from 'zod';
import { REPORT_DESCRIPTION_MAX } from '../report-settings.ts';
import {
  REPORT_CONTACT_KINDS,
  REPORT_FIELD_TYPES,
  REPORT_FORWARD_STATES,
  REPORT_ITEM_KINDS,
  REPORT_PHOTO_STATUSES,
  REPORT_SOURCES,
  REPORT_STATUSES,
} from '../states.ts';
import { cursorPageOf, cursorQuery, nonEmptyPatch, searchText, stableCode, timestamp, timestamps, withDefaults } from './common.ts';

// ---------------------------------------------------------------------------------------------------------------
// Categories

const fieldCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and "_", starting with a letter');

export const reportFieldInput = z
  .strictObject({
    code: fieldCode,
    datatype: z.enum(REPORT_FIELD_TYPES),
    label: z.string().trim().min(1).max(120),
    description: z.string().trim().max(500).optional(),
    required: z.boolean().default(false),
    values: z
      .array(z.strictObject({ key: z.string().trim().min(1).max(60), name: z.string().trim().min(1).max(120) }))
      .max(50)
      .optional(),
  })
  .refine((f) => !f.datatype.endsWith('valuelist') || (f.values?.length ?? 0) >= 1, { message: 'a choice field needs at least one value', path: ['values'] });
export type ReportFieldInput = z.input<typeof reportFieldInput>;

export const reportField = z.object({
  code: z.string(),
  datatype: z.enum(REPORT_FIELD_TYPES),
  label: z.string(),
  description: z.string().optional(),
  required: z.boolean(),
  values: z.array(z.object({ key: z.string(), name: z.string() })).optional(),
});
export type ReportFieldDef = z.infer<typeof reportField>;

const hours = z
  .number()
  .int()
  .min(1)
  .max(24 * 365);

/** The category's fields without defaults: the PATCH takes any subset of them and must not reset the others. */
const categoryFields = z.strictObject({
  /** Open311 service_code. */
  code: stableCode(40),
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(1000),
  groupName: z.string().trim().max(120),
  departmentId: z.uuid().nullable(),
  resolutionHours: hours,
  firstResponseHours: hours.nullable(),
  autoReply: z.string().trim().max(2000),
  fields: z
    .array(reportFieldInput)
    .max(20)
    .refine((fs) => new Set(fs.map((f) => f.code)).size === fs.length, 'field codes must be unique'),
  keywords: z.array(z.string().trim().min(1).max(40)).max(20),
  active: z.boolean(),
  position: z.number().int().min(0).max(1000),
  /** Forward new reports to a back-office Open311 endpoint (its base URL, e.g. https://example.org/open311/v2/). */
  forwardUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .nullable(),
  forwardServiceCode: z.string().trim().max(100).nullable(),
  forwardJurisdictionId: z.string().trim().max(100).nullable(),
  /** Write-only: the back office's API key (answered only as `forwardApiKeySet`). */
  forwardApiKey: z.string().trim().min(1).max(500),
});

/** What a new category has where its input says nothing. */
export const reportCategoryDefaults = {
  description: '',
  groupName: '',
  departmentId: null,
  resolutionHours: 40,
  firstResponseHours: null,
  autoReply: '',
  fields: [],
  keywords: [],
  active: true,
  position: 0,
  forwardUrl: null,
  forwardServiceCode: null,
  forwardJurisdictionId: null,
} satisfies Partial<z.output<typeof categoryFields>>;

export const reportCategoryInput = withDefaults(categoryFields, reportCategoryDefaults).extend({
  forwardApiKey: categoryFields.shape.forwardApiKey.optional(),
});
export type ReportCategoryInput = z.input<typeof reportCategoryInput>;

/** PATCH: any subset (no defaults, so untouched fields stay); `forwardApiKey: null` removes the key. */
export const reportCategoryPatch = nonEmptyPatch(categoryFields.partial().extend({ forwardApiKey: categoryFields.shape.forwardApiKey.nullable().optional() }));

export const reportCategory = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  groupName: z.string(),
  departmentId: z.uuid().nullable(),
  departmentName: z.string().nullable(),
  resolutionHours: z.number().int(),
  firstResponseHours: z.number().int().nullable(),
  autoReply: z.string(),
  fields: z.array(reportField),
  keywords: z.array(z.string()),
  active: z.boolean(),
  position: z.number().int(),
  forwardUrl: z.string().nullable(),
  forwardServiceCode: z.string().nullable(),
  forwardJurisdictionId: z.string().nullable(),
  forwardApiKeySet: z.boolean(),
  /** Open reports of this category (a category with reports can be deactivated, not deleted). */
  openReports: z.number().int(),
  ...timestamps,
});
export type ReportCategory = z.infer<typeof reportCategory>;

// ---------------------------------------------------------------------------------------------------------------
// Filing a report (portal form, staff, Open311 all end in the same input)

export const reportLocation = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});

/** What the service takes to file a report; the portal, the staff API and Open311 each map their input onto this. */
export const createReportInput = z.strictObject({
  categoryId: z.uuid(),
  description: z.string().trim().min(1, 'describe the problem').max(REPORT_DESCRIPTION_MAX),
  location: reportLocation,
  /** As given (Open311 address_string, or the street search); else the nearest address of the street directory. */
  address: z.string().trim().max(200).optional(),
  /** Values of the category's extra fields by code: text, number, ISO date, or a list of keys. */
  attributes: z.record(z.string(), z.union([z.string().max(1000), z.number(), z.array(z.string().max(100)).max(50)])).default({}),
  /** Who reports: a signed-in resident (id), someone by e-mail or phone, or anonymous (no status messages). */
  contact: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('resident'), residentId: z.uuid() }),
      z.strictObject({ kind: z.literal('email'), email: z.email().max(254), name: z.string().trim().max(120).optional() }),
      z.strictObject({ kind: z.literal('phone'), phone: z.string().trim().min(3).max(32), name: z.string().trim().max(120).optional() }),
      z.strictObject({ kind: z.literal('anonymous') }),
    ])
    .default({ kind: 'anonymous' }),
  language: z.enum(['de', 'en']).default('de'),
});
export type CreateReportInput = z.input<typeof createReportInput>;

/** Staff file a report by hand (e.g. from a phone call), or from an inbox conversation. */
export const staffCreateReportInput = createReportInput.extend({
  conversationId: z.uuid().optional(),
});

// ---------------------------------------------------------------------------------------------------------------
// Reports as staff see them

export const reportPhotoInfo = z.object({
  id: z.uuid(),
  status: z.enum(REPORT_PHOTO_STATUSES),
  width: z.number().int(),
  height: z.number().int(),
  size: z.number().int(),
  contentType: z.string(),
});

export const reportSummary = z.object({
  id: z.uuid(),
  number: z.number().int(),
  status: z.enum(REPORT_STATUSES),
  categoryId: z.uuid(),
  categoryName: z.string(),
  description: z.string(),
  lat: z.number(),
  lng: z.number(),
  address: z.string(),
  source: z.enum(REPORT_SOURCES),
  contactKind: z.enum(REPORT_CONTACT_KINDS),
  departmentId: z.uuid().nullable(),
  departmentName: z.string().nullable(),
  assigneeId: z.uuid().nullable(),
  assigneeName: z.string().nullable(),
  photoCount: z.number().int(),
  /** Photos waiting for approval. */
  pendingPhotos: z.number().int(),
  nextDueAt: timestamp.nullable(),
  expectedAt: timestamp.nullable(),
  overdue: z.boolean(),
  closedAt: timestamp.nullable(),
  ...timestamps,
});
export type ReportSummary = z.infer<typeof reportSummary>;

/** A list's total is counted up to this many (a larger number is reported as this). */
export const REPORT_TOTAL_CAP = 1_000;

export const reportList = cursorPageOf(reportSummary).extend({ total: z.number().int() });

export const reportListQuery = z.strictObject({
  view: z.enum(['all', 'open', 'mine', 'unassigned', 'overdue']).default('all'),
  status: z.enum(REPORT_STATUSES).optional(),
  categoryId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
  assigneeId: z.uuid().optional(),
  /** Search in description and address, or a report number. */
  q: searchText.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  ...cursorQuery,
});
export type ReportListQuery = z.input<typeof reportListQuery>;

export const reportItem = z.object({
  id: z.uuid(),
  kind: z.enum(REPORT_ITEM_KINDS),
  authorId: z.uuid().nullable(),
  authorName: z.string().nullable(),
  body: z.string(),
  event: z.record(z.string(), z.unknown()).nullable(),
  createdAt: timestamp,
});
export type ReportItem = z.infer<typeof reportItem>;

export const reportDetail = reportSummary.extend({
  attributes: z.record(z.string(), z.unknown()),
  /** The category's extra fields, to label the attributes. */
  fields: z.array(reportField),
  /** The reporter: null for roles without reports.work and for anonymous reports (each view with contact is audited). */
  contact: z
    .object({ kind: z.enum(REPORT_CONTACT_KINDS), residentId: z.uuid().nullable(), name: z.string().nullable(), address: z.string().nullable() })
    .nullable(),
  followers: z.number().int(),
  duplicateOf: z.object({ id: z.uuid(), number: z.number().int() }).nullable(),
  rejectReason: z.string().nullable(),
  firstResponseDueAt: timestamp.nullable(),
  resolutionDueAt: timestamp.nullable(),
  firstRespondedAt: timestamp.nullable(),
  reopenCount: z.number().int(),
  conversationId: z.uuid().nullable(),
  forward: z
    .object({
      state: z.enum(REPORT_FORWARD_STATES),
      remoteId: z.string().nullable(),
      attempts: z.number().int(),
      error: z.string().nullable(),
      nextAt: timestamp.nullable(),
    })
    .nullable(),
  photos: z.array(reportPhotoInfo),
  items: z.array(reportItem),
});
export type ReportDetail = z.infer<typeof reportDetail>;

/** A status change; `rejected` needs a reason, `duplicate` the report it duplicates; an optional public comment goes with it. */
export const reportStatusInput = z
  .strictObject({
    status: z.enum(REPORT_STATUSES),
    reason: z.string().trim().min(1).max(2000).optional(),
    duplicateOf: z.uuid().optional(),
    /** Shown on the portal and sent to the reporter with the status message. */
    publicComment: z.string().trim().min(1).max(2000).optional(),
  })
  .refine((s) => s.status !== 'rejected' || !!s.reason, { message: 'say why it is rejected', path: ['reason'] })
  .refine((s) => s.status !== 'duplicate' || !!s.duplicateOf, { message: 'name the report it duplicates', path: ['duplicateOf'] });
export type ReportStatusInput = z.input<typeof reportStatusInput>;

/** Assign to a department (person cleared) or a person; `claim` takes it oneself. */
export const reportAssignInput = nonEmptyPatch(
  z.strictObject({
    departmentId: z.uuid().nullable().optional(),
    assigneeId: z.uuid().nullable().optional(),
    claim: z.literal(true).optional(),
  }),
);

/** Staff change the expected date the public sees, or correct the category or pin. */
export const reportPatchInput = nonEmptyPatch(
  z.strictObject({
    expectedAt: z.iso.datetime({ offset: true }).nullable().optional(),
    categoryId: z.uuid().optional(),
    location: reportLocation.optional(),
    address: z.string().trim().max(200).optional(),
  }),
);

export const reportCommentInput = z.strictObject({
  kind: z.enum(['internal', 'public']),
  body: z.string().trim().min(1, 'write a comment').max(4000),
});

export const reportPhotoReviewInput = z.strictObject({ status: z.enum(['approved', 'rejected']) });

/** The map: reports in a bounding box; past `REPORT_MAP_POINT_CAP` points, grid clusters instead of points. */
export const reportMapQuery = z.strictObject({
  /** west,south,east,north in degrees (WGS 84). */
  bbox: z
    .string()
    .regex(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?$/, 'west,south,east,north')
    .refine((b) => {
      const [w, s, e, n] = b.split(',').map(Number);
      return w < e && s < n && s >= -90 && n <= 90 && w >= -180 && e <= 180;
    }, 'west < east and south < north, in degrees'),
  status: z.union([z.enum([...REPORT_STATUSES, 'open']), z.array(z.enum([...REPORT_STATUSES, 'open']))]).optional(),
  categoryId: z.uuid().optional(),
});
export const REPORT_MAP_POINT_CAP = 500;

export const reportMap = z.object({
  points: z.array(
    z.object({
      id: z.uuid(),
      number: z.number().int(),
      lat: z.number(),
      lng: z.number(),
      status: z.enum(REPORT_STATUSES),
      categoryId: z.uuid(),
      overdue: z.boolean(),
    }),
  ),
  /** Grid cells when more than the cap lie in the box: their count and the mean position. */
  clusters: z.array(z.object({ lat: z.number(), lng: z.number(), count: z.number().int() })),
  total: z.number().int(),
});
export type ReportMap = z.infer<typeof reportMap>;

// ---------------------------------------------------------------------------------------------------------------
// Settings and Open311 keys

export const reportsSettings = z.object({
  duplicateRadiusM: z.number().int(),
  reopenDays: z.number().int(),
  publicMap: z.boolean(),
});
export const reportsSettingsPatch = nonEmptyPatch(
  z.strictObject({ duplicateRadiusM: z.number().int().min(0).max(1000), reopenDays: z.number().int().min(0).max(90), publicMap: z.boolean() }).partial(),
);

export const open311KeyInput = z.strictObject({ name: z.string().trim().min(1).max(120) });
export const open311Key = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
});
/** The key itself, answered once when it is made. */
export const open311KeyCreated = open311Key.extend({ key: z.string() });

// ---------------------------------------------------------------------------------------------------------------
// The public view (portal list and map, and the portal's report page): no personal data

export const publicReport = z.object({
  number: z.number().int(),
  status: z.enum(REPORT_STATUSES),
  categoryName: z.string(),
  description: z.string(),
  lat: z.number(),
  lng: z.number(),
  address: z.string(),
  expectedAt: timestamp.nullable(),
  ...timestamps,
  /** Ids of approved photos. */
  photos: z.array(z.uuid()),
  publicComments: z.array(z.object({ body: z.string(), createdAt: timestamp })),
});
export type PublicReport = z.infer<typeof publicReport>;
