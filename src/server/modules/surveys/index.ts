// Surveys and polls (issue 12): questions to residents, one voice per person, answered on the portal or by SMS reply;
// results with charts, CSV and an outcome note.
export { surveyRoutes } from './surveys.routes.ts';
export { surveyResults, textAnswers as surveyTextAnswers } from './surveys.results.ts';
export { closeSurvey, createSurvey, getSurvey, listSurveys, publishSurvey, resultsVisibleToResidents, updateSurvey } from './surveys.service.ts';
export { surveyPortalUrl, surveyState } from './surveys.present.ts';
export { closeDue as closeDueSurveys, closeDueSurveysJob } from './surveys.jobs.ts';
export { openSurveys, surveyPortalRoutes } from './portal.routes.ts';
export { refusalOf as surveyRefusalOf, submitResponse, type Voter as SurveyVoter } from './responses.service.ts';
export { handlePollReply, type PollReplyOutcome } from './sms-poll.ts';
