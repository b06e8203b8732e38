// A schedule's RRULE expanded to collection days between its first and last day (whole days as UTC midnight), with
// dates on a public holiday of the municipality's federal state moved to the next day that is neither a Sunday nor a
// holiday (the original day kept as `shiftedFrom`). Pure functions: the service writes what they return.
// rrule is CommonJS: Node's ESM loader sees only its default export (vitest's resolver would hide a named import)
import rrulePkg from 'rrule';
import { WASTE_MAX_SPAN_DAYS } from '../../../common/contracts/waste.ts';
import type { FederalState } from '../../../common/states.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { isHoliday } from '../../platform/holidays.ts';

export interface ExpandedDay {
  day: string;
  /** The day the rule gave, when a holiday moved the collection; else null. */
  shiftedFrom: string | null;
}

export interface ScheduleRule {
  rrule: string;
  startsOn: string;
  endsOn: string;
  holidayShift: boolean;
}

const { RRule, rrulestr } = rrulePkg;
type Rule = InstanceType<typeof RRule>;
const DAY_MS = 86_400_000;
// whole days only: a rule that repeats within a day makes no sense for a bin
const DAY_FREQUENCIES = new Set<number>([RRule.DAILY, RRule.WEEKLY, RRule.MONTHLY, RRule.YEARLY]);
const utc = (day: string) => new Date(`${day}T00:00:00Z`);
const isoOf = (d: Date) => d.toISOString().slice(0, 10);

const unprocessable = (errors: FieldError[]) => new AppError('unprocessable', 'The schedule cannot be used; see errors.', errors);

/** The rule without a leading "RRULE:"; refuses DTSTART/UNTIL-style parts that fight startsOn/endsOn, and sub-day rules. */
export function parseRule(text: string, startsOn: string): Rule {
  const body = text.trim().replace(/^RRULE:/i, '');
  const fail = (detail: string) => unprocessable([{ pointer: '/body/rrule', detail, code: 'invalid_rrule' }]);
  if (/[\r\n]/.test(body) || /(^|;)DTSTART/i.test(body)) throw fail('must be one RRULE line without DTSTART (startsOn is the first day)');
  let rule: Rule;
  try {
    rule = rrulestr(`RRULE:${body}`, { dtstart: utc(startsOn) }) as Rule;
  } catch {
    throw fail('is not an RFC 5545 recurrence rule, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TH');
  }
  if (!(rule instanceof RRule) || !DAY_FREQUENCIES.has(rule.options.freq)) throw fail('must repeat daily, weekly, monthly or yearly');
  return rule;
}

/** Refuses a range that ends before it starts or spans more than three years (422 naming the field). */
export function checkRange(startsOn: string, endsOn: string, pointer = '/body/endsOn'): void {
  const span = (utc(endsOn).getTime() - utc(startsOn).getTime()) / DAY_MS;
  if (span < 0) throw unprocessable([{ pointer, detail: 'must not be before startsOn', code: 'before_start' }]);
  if (span > WASTE_MAX_SPAN_DAYS) throw unprocessable([{ pointer, detail: 'must be at most three years after startsOn', code: 'too_long' }]);
}

/** The next day after `day` that is neither a Sunday nor a public holiday of the state. */
export function nextWorkingDay(state: FederalState, day: string): string {
  let d = utc(day);
  do d = new Date(d.getTime() + DAY_MS);
  while (d.getUTCDay() === 0 || isHoliday(state, isoOf(d)));
  return isoOf(d);
}

/** The collection days of a schedule in order, each day once (a shift onto a day the rule already has merges with it). */
export function expandSchedule(s: ScheduleRule, state: FederalState): ExpandedDay[] {
  checkRange(s.startsOn, s.endsOn);
  const rule = parseRule(s.rrule, s.startsOn);
  const seen = new Map<string, ExpandedDay>();
  for (const at of rule.between(utc(s.startsOn), utc(s.endsOn), true)) {
    const original = isoOf(at);
    const moved = s.holidayShift && isHoliday(state, original);
    const day = moved ? nextWorkingDay(state, original) : original;
    if (!seen.has(day)) seen.set(day, { day, shiftedFrom: moved ? original : null });
  }
  return [...seen.values()].sort((a, b) => a.day.localeCompare(b.day));
}
