// Events and invitations (issue 12): events with time zone and recurrence, invitations as messages, RSVP with a
// waitlist, reminders and notices through the delivery engine, iCalendar feeds and invitations.
export { eventRoutes } from './events.routes.ts';
export { createEvent, publishEvent } from './events.service.ts';
export { eventCalendarRoutes } from './ical.routes.ts';
export { type CalendarMethod, eventCalendar } from './ical.ts';
export { type EventRow, isOver, lastOccurrenceEnd, nextOccurrence, type Occurrence, occurrences } from './recurrence.ts';
export { eventPortalRoutes, upcomingEvents } from './portal.routes.ts';
export { eventRemindersJob } from './reminders.job.ts';
export { answerRsvp, noticeToRespondents, promoteWaitlist } from './rsvp.service.ts';
export { moveWaitlists, moveWaitlistsOnErasure } from './waitlist.ts';
