// CAP in: external CAP feeds (Atom/RSS index or one document) polled with conditional GET, their alerts relayed as
// warnings or proposed for one-click approval by the feed's rules; the warnings module registers routes and jobs.
export { capPollDueJob, capPollJob } from './cap-feeds.jobs.ts';
export { capFeedRoutes } from './cap-feeds.routes.ts';
export { pollFeed } from './cap-poll.service.ts';
