// Resident portal: the public, server-rendered pages of each municipality under /m/{tenant}/ (works without JavaScript).
export { portalRoutes, sendNotFound as sendPortalNotFound } from './portal.routes.ts';
export { renderNoticePage, renderNotFoundPage, t as portalText } from './portal.render.ts';
