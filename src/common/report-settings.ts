// A municipality's settings for reports (Mängelmelder), plain data shared by the schema, the server and the console.

export interface ReportsSettings {
  /** An open report of the same category within this many metres is offered to follow instead of filing a new one. */
  duplicateRadiusM: number;
  /** A reporter may reopen a report marked resolved within this many days (with a reason). */
  reopenDays: number;
  /** Whether the portal shows the public list and map of reports. */
  publicMap: boolean;
}

export const DEFAULT_REPORTS_SETTINGS: ReportsSettings = { duplicateRadiusM: 50, reopenDays: 14, publicMap: true };

/** At most this many photos per report, each at most this many bytes as uploaded. */
export const REPORT_PHOTO_LIMITS = { count: 5, bytes: 10 * 1024 * 1024, longEdgePx: 1600, thumbEdgePx: 320 } as const;

/** The description's limit (the form, the API and Open311 refuse longer ones). */
export const REPORT_DESCRIPTION_MAX = 4_000;
