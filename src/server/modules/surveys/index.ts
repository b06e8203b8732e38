// Surveys and polls (issue 12): questions to residents, one voice per person, answered on the portal or by SMS reply;
// results with charts, CSV and an outcome note.
export { surveyRoutes } from './surveys.routes.ts';
export { openSurveys, surveyPortalRoutes } from './portal.routes.ts';
