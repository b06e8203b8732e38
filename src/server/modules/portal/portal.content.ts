// What the portal shows besides the tenant's settings: current warnings (the banner on every page), news and topics.
// The portal reads them through functions app.ts hands in (messages and warnings send through delivery, which uses
// the portal's pages: importing them here would close a circle). Cached for a few seconds per tenant and dropped at
// once on 'portal.content' (a message or warning changed) and 'tenant.changed'.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WarningSeverity, WarningStatus } from '../../../common/states.ts';
import type { AppDeps } from '../../platform/context.ts';
import { on } from '../../platform/events.ts';
import { createViewCache, type ViewCache } from './portal.cache.ts';
import type { Html, Lang } from './portal.html.ts';

/** A current warning as the banner shows it (the warnings module's `currentWarnings`). */
export interface PortalWarning {
  id: string;
  severity: WarningSeverity;
  status: WarningStatus;
  event: string;
  headline: string;
  instruction: string | null;
  onset: Date | null;
  expiresAt: Date | null;
  /** The CAP 1.2 document (site-relative or absolute). */
  capUrl: string;
}

/** A sent message on the portal (the messages module's `listNews` and `getNews`). */
export interface PortalNewsItem {
  id: string;
  title: string;
  /** Safe, rendered HTML (Markdown subset, no raw HTML). */
  html: string;
  summary: string;
  topic: { key: string; name: string } | null;
  publishedAt: Date;
  origin: { networkName: string } | null;
}

/** An upcoming event on the start page (the events module's `upcomingEvents`): the next occurrence of each. */
export interface PortalEventItem {
  id: string;
  title: string;
  /** The next occurrence (a recurring event's next date). */
  startsAt: Date;
  allDay: boolean;
  placeName: string;
  cancelled: boolean;
}

/** An open survey on the start page (the surveys module's `openSurveys`). */
export interface PortalSurveyItem {
  id: string;
  title: string;
  endsAt: Date | null;
}

export interface PortalTopic {
  key: string;
  nameDe: string;
  nameEn: string;
}

export interface NewsQuery {
  topic?: string;
  page: number;
  pageSize: number;
  lang: string;
}

/** Where the portal's content comes from (app.ts wires the modules' exports; a missing source shows nothing). */
export interface PortalSources {
  currentWarnings?: (deps: AppDeps, tenantId: string, now?: Date) => Promise<PortalWarning[]>;
  listNews?: (deps: AppDeps, tenantId: string, query: NewsQuery) => Promise<{ items: PortalNewsItem[]; total: number }>;
  getNews?: (deps: AppDeps, tenantId: string, id: string, lang: string) => Promise<PortalNewsItem | null>;
  listTopics?: (deps: AppDeps, tenantId: string) => Promise<PortalTopic[]>;
  /** The next few public events (dropped from the cache on 'portal.content'). */
  upcomingEvents?: (deps: AppDeps, tenantId: string, limit: number) => Promise<PortalEventItem[]>;
  /** Surveys open now that anyone may see listed. */
  openSurveys?: (deps: AppDeps, tenantId: string, limit: number) => Promise<PortalSurveyItem[]>;
  /** The "notifications on this device" section with its script (residents), offered to signed-in residents. */
  pushOffer?: (slug: string, lang: Lang) => Html;
}

/** The warnings shown as a banner, for pages the portal module does not render itself (residents' own pages). */
export interface PortalContent {
  warnings(tenantId: string): Promise<PortalWarning[]>;
}

declare module 'fastify' {
  interface FastifyInstance {
    portalContent: PortalContent;
  }
}

/** The current warnings of a tenant for the banner ([] when the portal is not registered, e.g. in a bare app). */
export async function portalWarnings(req: FastifyRequest, tenantId: string): Promise<PortalWarning[]> {
  return req.server.hasDecorator('portalContent') ? req.server.portalContent.warnings(tenantId) : [];
}

/** Cached loaders keyed by `${tenantId}|…`, so that one tenant's entries can be dropped together. */
export interface ContentCaches<P> {
  warnings: ViewCache<PortalWarning[]>;
  /** Any page view: its data and the bodies rendered from it. */
  pages: ViewCache<P>;
  dropTenant(tenantId: string): void;
}

const tenantOf = (key: string) => key.split('|', 1)[0];

export function createContentCaches<P>(app: FastifyInstance, deps: AppDeps, sources: PortalSources, loadPage: (key: string) => Promise<P>): ContentCaches<P> {
  const warnings = createViewCache<PortalWarning[]>(async (key) => (sources.currentWarnings ? sources.currentWarnings(deps, tenantOf(key)) : []));
  const pages = createViewCache<P>(loadPage);
  const dropTenant = (tenantId: string) => {
    warnings.deletePrefix(`${tenantId}|`);
    pages.deletePrefix(`${tenantId}|`);
  };
  const offContent = on('portal.content', ({ tenantId }) => dropTenant(tenantId));
  const offTenant = on('tenant.changed', ({ tenantId }) => dropTenant(tenantId));
  app.addHook('onClose', async () => {
    offContent();
    offTenant();
  });
  app.decorate('portalContent', {
    warnings: async (tenantId: string) => (await warnings.get(`${tenantId}|`)).data ?? [],
  } satisfies PortalContent);
  return { warnings, pages, dropTenant };
}
