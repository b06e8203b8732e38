// What the RSVP side needs from an event's dates (events-core's recurrence.ts): its current or next occurrence, the
// ones after it, and whether the series is over. One place, so answers, reminders and the portal agree.
import { type EventRow, type EventTiming, isOver as seriesOver, nextOccurrence, nextOccurrences, type Occurrence } from './recurrence.ts';

export type { EventRow, Occurrence };

/** The occurrence running now or the next one to come (null: every occurrence has ended). */
export const currentOrNext = (event: EventRow, now: Date): Occurrence | null => nextOccurrence(event, now);

/** Up to `count` occurrences not yet ended at `now`. */
export const nextDates = (event: EventTiming, now: Date, count: number): Occurrence[] => nextOccurrences(event, now, count);

/** Whether every occurrence has ended: no answers are taken and no reminders go out any more. */
export const isOver = (event: EventRow, now: Date): boolean => seriesOver(event, now);
