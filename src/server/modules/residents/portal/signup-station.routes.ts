// The sign-up station on the portal: staff's link opens a page with one button; the POST behind it makes this device
// the station (a signed cookie for this municipality) until the station expires or is revoked.
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../platform/context.ts';
import type { TenantRow } from '../../../platform/tenancy.ts';
import { ipPrefix } from '../residents.crypto.ts';
import { openStation, peekStation, STATION_COOKIE, stationCookieValue, stationOfCookie, stationState } from '../signup-stations.service.ts';
import type { PortalRouting } from './resident-email.routes.ts';
import { field } from './resident-portal.forms.ts';
import { stationPage } from './signup-station.render.ts';

/** The open sign-up station this device holds for the municipality, or null. */
export const stationOf = (deps: AppDeps, tenant: TenantRow, req: FastifyRequest) => stationOfCookie(deps, tenant, req.cookies?.[STATION_COOKIE]);

export function signupStationPortalRoutes(deps: AppDeps, { route, go }: PortalRouting): void {
  /** A link that cannot open (any more): another device holds it (409), or it is unknown, expired or revoked (404). */
  const refused = async (c: Parameters<typeof stationPage>[0], token: string) => {
    const row = token ? await peekStation(deps, c.tenant, token) : null;
    return row && stationState(row) === 'open'
      ? { status: 409, page: stationPage(c, { kind: 'used' }) }
      : { status: 404, page: stationPage(c, { kind: 'invalid' }) };
  };

  route('GET', 'station', async (c, req, reply) => {
    const active = await stationOf(deps, c.tenant, req);
    if (active) return stationPage(c, { kind: 'active', until: active.expiresAt, done: req.query.done === '1' });
    const token = typeof req.query.t === 'string' ? req.query.t.slice(0, 100) : '';
    const row = token ? await peekStation(deps, c.tenant, token) : null;
    if (row && stationState(row) === 'waiting') return stationPage(c, { kind: 'confirm', token });
    const no = await refused(c, token);
    return reply.code(no.status).send(no.page);
  });

  route('POST', 'station', async (c, req, reply, body) => {
    const token = field(body, 't', 100);
    const actor = { userId: null, email: null, ip: ipPrefix(req.ip), userAgent: req.headers['user-agent']?.slice(0, 200) ?? null, requestId: req.id };
    const opened = await openStation(deps, c.tenant, token, actor);
    if (!opened) {
      const no = await refused(c, token);
      return reply.code(no.status).send(no.page);
    }
    reply.setCookie(STATION_COOKIE, stationCookieValue(deps, c.tenant, opened), {
      path: `/m/${c.tenant.slug}/`,
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.config.secureCookies,
      expires: opened.expiresAt,
    });
    return go(reply, c, 'station');
  });
}
