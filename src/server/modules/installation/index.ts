// The installation operator (a role above tenants): municipalities created while running, installation mails.
export { installationRoutes } from './installation.routes.ts';
