// Resident portal: the public, server-rendered pages of each municipality under /m/{tenant}/ (works without JavaScript):
// current warnings first (a banner on every page), news with permalinks and an Atom feed, the web app manifest.
export { portalRoutes, sendNotFound as sendPortalNotFound, sendProblemPage as sendPortalProblem } from './portal.routes.ts';
export { renderNoticePage, renderNotFoundPage, t as portalText } from './portal.render.ts';
export { html, Html, type Lang, paragraphs, renderTenantShell, renderThemeCss, t, type TextKey } from './portal.render.ts';
export { type PortalPageCtx, portalHref, portalPageOf, portalThemeHref, renderPortalPage, tenantOfSlug } from './portal.page.ts';
export { langFromAcceptLanguage, RESIDENT_COOKIE, SECURITY_HEADERS as PORTAL_SECURITY_HEADERS } from './portal.routes.ts';
export { sendUncachedPage } from './portal.http.ts';
export {
  type PortalEventItem,
  type PortalNewsItem,
  type PortalSources,
  type PortalSurveyItem,
  type PortalTopic,
  type PortalWarning,
  portalWarnings,
} from './portal.content.ts';
