// Resident portal: the public, server-rendered pages of each municipality under /m/{tenant}/ (works without JavaScript).
export { portalRoutes, sendNotFound as sendPortalNotFound, sendProblemPage as sendPortalProblem } from './portal.routes.ts';
export { renderNoticePage, renderNotFoundPage, t as portalText } from './portal.render.ts';
export { html, Html, type Lang, paragraphs, renderTenantShell, renderThemeCss, t, type TextKey } from './portal.render.ts';
export { toCachedBody } from './portal.cache.ts';
export { langFromAcceptLanguage, RESIDENT_COOKIE, SECURITY_HEADERS as PORTAL_SECURITY_HEADERS } from './portal.routes.ts';
