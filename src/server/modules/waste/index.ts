// The waste collection calendar (Abfallkalender, issue 12): types, districts and schedules expanded to collection
// dates around public holidays, CSV import, the portal's street page and .ics feeds, residents' reminders.
export { wasteRoutes } from './waste.routes.ts';
export { wastePortalRoutes } from './portal.routes.ts';
export { collectionsOn } from './waste.repository.ts';
export { createDistrict, createType, listTypes, saveSchedule } from './waste.service.ts';
export { streetCalendar, todayIn } from './dates.service.ts';
export { wasteReminderRoutes } from './reminder.routes.ts';
export { remindAll, remindTenant, wasteRemindersJob } from './reminders.job.ts';
