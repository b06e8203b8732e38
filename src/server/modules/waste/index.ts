// The waste collection calendar (Abfallkalender, issue 12): types, districts and schedules expanded to collection
// dates around public holidays, CSV import, the portal's street page and .ics feeds, residents' reminders.
export { wasteRoutes } from './waste.routes.ts';
export { wastePortalRoutes } from './portal.routes.ts';
export { wasteReminderRoutes } from './reminder.routes.ts';
