// Business hours as the inbox (and later reports) count deadlines in them: per weekday (0 Sunday … 6 Saturday) a
// list of [from, to] times "HH:MM" in the municipality's time zone. Shared by server and console.
export type Weekday = '0' | '1' | '2' | '3' | '4' | '5' | '6';
export type OpeningHours = Record<Weekday, Array<[string, string]>>;

/** A town hall's usual week: long Thursday is Wednesday here, Friday mornings only. */
export const DEFAULT_OPENING_HOURS: OpeningHours = {
  '0': [],
  '1': [['08:00', '16:00']],
  '2': [['08:00', '16:00']],
  '3': [['08:00', '18:00']],
  '4': [['08:00', '16:00']],
  '5': [['08:00', '12:00']],
  '6': [],
};

/** A municipality's inbox settings (tenants.inbox_settings); departments may set their own hours and deadlines. */
export interface InboxSettings {
  openingHours: OpeningHours;
  /** Deadline for the first response, in business hours. */
  firstResponseHours: number;
  /** Deadline for the resolution, in business hours. */
  resolutionHours: number;
  /** The owner is reminded this many business minutes before a deadline. */
  reminderMinutes: number;
  /** Conversations resolved or closed longer ago than this are deleted by the retention job. */
  retentionDays: number;
}

export const DEFAULT_INBOX_SETTINGS: InboxSettings = {
  openingHours: DEFAULT_OPENING_HOURS,
  firstResponseHours: 8,
  resolutionHours: 40,
  reminderMinutes: 60,
  retentionDays: 730,
};
