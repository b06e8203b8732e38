// Deadlines of a conversation in business hours: the department's opening hours and targets where it sets them, the
// municipality's otherwise, in the municipality's time zone, skipping the public holidays of its federal state.
import { addBusinessMinutes, type BusinessCalendar, hasBusinessHours } from '../../../common/business-hours.ts';
import { DEFAULT_INBOX_SETTINGS, type InboxSettings, type OpeningHours } from '../../../common/opening-hours.ts';
import type { FederalState } from '../../../common/states.ts';
import { isHoliday } from '../../platform/holidays.ts';

export interface DeadlineTenant {
  timeZone: string;
  federalState: FederalState;
  inboxSettings: InboxSettings;
}

export interface DeadlineDepartment {
  openingHours: OpeningHours | null;
  firstResponseHours: number | null;
  resolutionHours: number | null;
}

/** Every minute counts: the calendar used when neither department nor municipality has any opening hours. */
const ALWAYS_OPEN: OpeningHours = {
  '0': [['00:00', '24:00']],
  '1': [['00:00', '24:00']],
  '2': [['00:00', '24:00']],
  '3': [['00:00', '24:00']],
  '4': [['00:00', '24:00']],
  '5': [['00:00', '24:00']],
  '6': [['00:00', '24:00']],
};

/**
 * The calendar a conversation's deadlines count in. Hours with no open minute (a department set to "closed" on every
 * day) fall back to the municipality's, and those to every hour of the week, so a conversation always gets a deadline
 * and nothing waits forever unseen.
 */
export function calendarFor(
  tenant: { timeZone: string; federalState: FederalState; inboxSettings: InboxSettings },
  department: { openingHours: OpeningHours | null } | null,
): BusinessCalendar {
  const candidates = [department?.openingHours, tenant.inboxSettings?.openingHours];
  const openingHours = candidates.find((h): h is OpeningHours => !!h && hasBusinessHours(h)) ?? ALWAYS_OPEN;
  const state = tenant.federalState;
  return { openingHours, timeZone: tenant.timeZone, isHoliday: (isoDate) => openingHours !== ALWAYS_OPEN && isHoliday(state, isoDate) };
}

/** The targets in business hours: the department's where set, else the municipality's. */
export function targetsFor(tenant: DeadlineTenant, department: DeadlineDepartment | null) {
  const s = tenant.inboxSettings ?? DEFAULT_INBOX_SETTINGS;
  return {
    firstResponseHours: department?.firstResponseHours ?? s.firstResponseHours ?? DEFAULT_INBOX_SETTINGS.firstResponseHours,
    resolutionHours: department?.resolutionHours ?? s.resolutionHours ?? DEFAULT_INBOX_SETTINGS.resolutionHours,
  };
}

/**
 * When the first response and the resolution are due for a conversation whose clock starts at `from` (its first
 * inbound message, or the message that reopened it). Whoever sets a new deadline also clears `reminded_at` and
 * `escalated_at`, so the reminder and the escalation come again for it.
 */
export function computeDeadlines(
  tenant: DeadlineTenant,
  department: DeadlineDepartment | null,
  from: Date,
): { firstResponseDueAt: Date; resolutionDueAt: Date } {
  const cal = calendarFor(tenant, department);
  const { firstResponseHours, resolutionHours } = targetsFor(tenant, department);
  return {
    firstResponseDueAt: addBusinessMinutes(from, firstResponseHours * 60, cal),
    resolutionDueAt: addBusinessMinutes(from, resolutionHours * 60, cal),
  };
}

/**
 * The latest due time whose reminder is due at `now`: a deadline at or before it lies `reminderMinutes` business
 * minutes away or less. (Due times computed here always fall in or at the end of open hours, where this is exact.)
 */
export function reminderHorizon(cal: BusinessCalendar, reminderMinutes: number, now: Date): Date {
  return reminderMinutes > 0 ? addBusinessMinutes(now, reminderMinutes, cal) : now;
}
