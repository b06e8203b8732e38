// The resident's pages on the portal: register with a verified phone number, sign in with a code, change settings,
// withdraw consent, see and download one's data, delete the account. Plain HTML forms; every POST must be same-origin.
import { create as attachment } from 'content-disposition';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { PORTAL_SECURITY_HEADERS, portalPageOf, sendPortalNotFound, tenantOfSlug, type TextKey } from '../../portal/index.ts';
import { tenantNamesById } from '../../tenants/index.ts';
import { currentConsentText } from '../consent.service.ts';
import { emailStatus, sendVerificationLink } from '../email-link.service.ts';
import { ipPrefix } from '../residents.crypto.ts';
import * as residents from '../residents.service.ts';
import { requestCode, verifyCode } from '../verification.service.ts';
import { missingForRegistration } from '../../../../common/setup.ts';
import { portalSendLimits, sendLimited } from './code-limits.ts';
import { dataPage } from './resident-data.render.ts';
import { residentEmailRoutes } from './resident-email.routes.ts';
import { residentPushRoutes } from './resident-push.routes.ts';
import { signupStationPortalRoutes, stationOf } from './signup-station.routes.ts';
import { e164, type FormBody, field, formOf, phoneError, readPreferenceForm, streetChoices, toPreferences, valuesFromFollow } from './resident-portal.forms.ts';
import {
  codePage,
  consentPage,
  deletePage,
  donePage,
  type Errors,
  hrefOf,
  messagePage,
  type PageCtx,
  phonePage,
  settingsPage,
} from './resident-portal.render.ts';
import {
  clearFlow,
  createResidentSession,
  destroyResidentSession,
  isSameOrigin,
  loadResident,
  readFlow,
  safeReturnPath,
  setFlow,
  setReturnPath,
  takeReturnPath,
} from './resident-session.ts';

const HEADERS = { ...PORTAL_SECURITY_HEADERS, 'cache-control': 'no-store' }; // personal pages: never cached
const NOTICES: Record<string, TextKey> = {
  saved: 'settingsSaved',
  withdrawn: 'withdrawDone',
  'link-sent': 'emailLinkSent',
  'link-limited': 'emailLinkLimited',
};

export type Req = FastifyRequest<{ Params: { tenant: string }; Querystring: Record<string, unknown> }>;
export type Handler = (c: PageCtx, req: Req, reply: FastifyReply, body: FormBody) => Promise<unknown>;
export type SignedInHandler = (c: PageCtx, req: Req, reply: FastifyReply, body: FormBody, residentId: string) => Promise<unknown>;

export async function residentPortalRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  async function contextOf(req: Req): Promise<PageCtx | null> {
    const tenant = await tenantOfSlug(deps, req.params.tenant);
    return tenant ? portalPageOf(deps, req, tenant) : null; // with the warning banner every portal page has
  }

  /** GET and POST pages share one wrapper: tenant look-up (404), security headers, same-origin rule for POSTs. */
  const route = (method: 'GET' | 'POST', path: string, handler: Handler) =>
    app.route({
      method,
      url: `/m/:tenant/${path}`,
      schema: { hide: true },
      handler: async (request, reply) => {
        const req = request as Req;
        const c = await contextOf(req);
        if (!c) return sendPortalNotFound(req, reply);
        reply.headers(HEADERS).type('text/html; charset=utf-8');
        if (method === 'POST' && !isSameOrigin(deps, req))
          return reply.code(403).send(messagePage(c, 'forbiddenTitle', 'forbiddenText', { path: '', key: 'backToStart' }));
        return handler(c, req, reply, formOf(req.body));
      },
    });

  const go = (reply: FastifyReply, c: PageCtx, path: string, extra = '') =>
    reply.redirect(`${hrefOf(c, path)}${extra ? `${c.explicit ? '&' : '?'}${extra}` : ''}`, 303);
  const meta = (req: FastifyRequest) => ({ method: 'portal' as const, ipPrefix: ipPrefix(req.ip) });
  const rateLimited = (err: unknown) => err instanceof AppError && err.code === 'rate_limited';
  const limits = portalSendLimits(app, deps);

  /** A new address is stored unconfirmed and gets a link; too many links leave it for "send the link again". */
  async function saveEmail(c: PageCtx, req: Req, residentId: string, email: string) {
    const current = await emailStatus(deps, residentId);
    const changed = (current?.address ?? '').toLowerCase() !== email.toLowerCase();
    if (changed) await residents.setResidentEmail(deps, residentId, email);
    if (!email || (!changed && (current?.verified || current?.linkPending))) return;
    try {
      await sendVerificationLink(deps, c.tenant, residentId, { ip: req.ip, language: c.lang });
    } catch (err) {
      if (!rateLimited(err)) throw err;
    }
  }

  /**
   * The phone step of registering or signing in: the number checked, counted against the limits (from a sign-up
   * station, its own), then a code sent, unless a bot filled the honeypot or the number is not `known` (signing in; the
   * look-up comes after the limits, so known and unknown numbers meet the same limit). Either way on to the code page.
   */
  async function phoneStep(
    c: PageCtx,
    req: Req,
    reply: FastifyReply,
    body: FormBody,
    step: { page: 'register' | 'login'; station?: () => Promise<{ id: string } | null>; known?: (number: string) => Promise<boolean> },
  ) {
    const { page } = step;
    const purpose = page === 'register' ? 'register' : 'sign-in';
    const phone = field(body, 'phone', 40);
    const error = phoneError(c.tenant, phone);
    if (error) return reply.code(400).send(phonePage(c, page, phone, { phone: error }));
    const number = e164(c.tenant, phone);
    const station = (await step.station?.()) ?? null;
    const refused = () => phonePage(c, page, phone, { phone: 'errRateLimited' });
    const limit = await limits.code(req, number, { station: Boolean(station) });
    if (!limit.allowed) return sendLimited(req, reply, refused(), limit.retryAfterSeconds);
    if (!field(body, 'website') && (!step.known || (await step.known(number)))) {
      try {
        await requestCode(deps, c.tenant, { phone, ip: req.ip, purpose, language: c.lang, stationId: station?.id ?? null });
      } catch (err) {
        if (rateLimited(err)) return sendLimited(req, reply, refused());
        throw err;
      }
    }
    setFlow(deps, reply, { tenantId: c.tenant.id, purpose, phone: number, verified: false });
    return go(reply, c, `${page}/code`);
  }

  /** The code page of a flow that has passed the phone step; without one, back to the phone step. */
  const codeStep = (c: PageCtx, req: Req, reply: FastifyReply, page: 'register' | 'login') => {
    const flow = readFlow(deps, req, c.tenant.id, page === 'register' ? 'register' : 'sign-in');
    return flow ? codePage(c, page, flow.phone, {}) : go(reply, c, page);
  };

  // ---- registration: phone → code → consent and preferences → done ----

  // no informed consent without imprint, privacy statement and contact: until staff fill them in, no registration
  const closed = (c: PageCtx) => missingForRegistration(c.tenant).length > 0;
  const closedPage = (c: PageCtx) => messagePage(c, 'regClosedTitle', 'regClosedText', { path: '', key: 'backToStart' });

  route('GET', 'register', async (c) => (closed(c) ? closedPage(c) : phonePage(c, 'register', '', {})));

  route('POST', 'register', async (c, req, reply, body) => {
    if (closed(c)) return reply.code(403).send(closedPage(c));
    return phoneStep(c, req, reply, body, { page: 'register', station: () => stationOf(deps, c.tenant, req) });
  });

  route('GET', 'register/code', async (c, req, reply) => codeStep(c, req, reply, 'register'));

  route('POST', 'register/code', async (c, req, reply, body) => {
    const flow = readFlow(deps, req, c.tenant.id, 'register');
    if (!flow) return reply.code(400).send(phonePage(c, 'register', '', { phone: 'errExpired' }));
    try {
      await verifyCode(deps, c.tenant, flow.phone, field(body, 'code', 20));
    } catch (err) {
      if (err instanceof AppError) return reply.code(400).send(codePage(c, 'register', flow.phone, { code: 'errCode' }));
      throw err;
    }
    setFlow(deps, reply, { ...flow, verified: true });
    return go(reply, c, 'register/consent');
  });

  const consentView = async (c: PageCtx) => {
    const [text, topics, streets] = await Promise.all([
      currentConsentText(deps.db, c.tenant),
      residents.tenantTopics(deps, c.tenant.id),
      streetChoices(deps, c.tenant.id),
    ]);
    return { text: c.lang === 'en' ? text.textEn : text.textDe, topics, streetChoices: streets.map((s) => s.label) };
  };

  route('GET', 'register/consent', async (c, req, reply) => {
    if (!readFlow(deps, req, c.tenant.id, 'register')?.verified) return go(reply, c, 'register');
    const { text, topics, streetChoices } = await consentView(c);
    // nothing pre-ticked: a ticked box the resident did not tick is no consent (GDPR Art. 4(11), Planet49)
    const values = { streetChoices, channels: [], topics: [], email: '', street: '', houseNumber: '', quietFrom: '', quietTo: '', language: c.lang };
    return consentPage(c, text, topics, values, {});
  });

  route('POST', 'register/consent', async (c, req, reply, body) => {
    if (closed(c)) return reply.code(403).send(closedPage(c));
    const flow = readFlow(deps, req, c.tenant.id, 'register');
    if (!flow?.verified) return reply.code(400).send(phonePage(c, 'register', '', { phone: 'errExpired' }));
    const { text, topics, streetChoices } = await consentView(c);
    const { values, errors } = readPreferenceForm(body, topics, c.lang);
    if (field(body, 'consent') !== 'yes') errors.consent = 'errConsent';
    if (Object.keys(errors).length) return reply.code(400).send(consentPage(c, text, topics, { ...values, streetChoices }, errors));
    const prefs = await toPreferences(deps, c.tenant.id, values);
    const { residentId } = await residents.registerResident(deps, c.tenant, { phone: flow.phone, email: values.email || null }, prefs, meta(req));
    if (values.email) await saveEmail(c, req, residentId, values.email);
    clearFlow(reply);
    // a shared device at a sign-up table signs nobody in: the next person starts afresh
    if (await stationOf(deps, c.tenant, req)) return go(reply, c, 'station', 'done=1');
    await createResidentSession(deps, reply, residentId, c.tenant.id);
    return go(reply, c, 'register/done');
  });

  route('GET', 'register/done', async (c, req) => {
    const session = await loadResident(deps, req);
    const email = session ? await emailStatus(deps, session.residentId) : null;
    const pushChosen = session ? Boolean((await residents.getFollow(deps, c.tenant.id, session.residentId))?.channels.includes('push')) : false;
    return donePage({ ...c, signedIn: Boolean(session) }, email && !email.verified && email.linkPending ? email.address : null, pushChosen);
  });

  // ---- sign-in: phone → code → session; unknown numbers see the same pages and get no SMS ----

  route('GET', 'login', async (c, req, reply) => {
    // ?next=/m/{slug}/… (an event page's sign-in link): back there after the code
    const next = safeReturnPath(c.tenant.slug, req.query.next);
    if (await loadResident(deps, req)) return next ? reply.redirect(next, 303) : go(reply, c, 'settings');
    if (next) setReturnPath(deps, reply, next);
    return phonePage(c, 'login', '', {});
  });

  route('POST', 'login', async (c, req, reply, body) =>
    phoneStep(c, req, reply, body, { page: 'login', known: async (number) => Boolean(await residents.findResidentByPhone(deps, number)) }),
  );

  route('GET', 'login/code', async (c, req, reply) => codeStep(c, req, reply, 'login'));

  route('POST', 'login/code', async (c, req, reply, body) => {
    const flow = readFlow(deps, req, c.tenant.id, 'sign-in');
    if (!flow) return reply.code(400).send(phonePage(c, 'login', '', { phone: 'errExpired' }));
    const wrong = () => reply.code(400).send(codePage(c, 'login', flow.phone, { code: 'errCode' }));
    try {
      await verifyCode(deps, c.tenant, flow.phone, field(body, 'code', 20));
    } catch (err) {
      if (err instanceof AppError) return wrong();
      throw err;
    }
    const residentId = await residents.findResidentByPhone(deps, flow.phone);
    if (!residentId) return wrong();
    await createResidentSession(deps, reply, residentId, c.tenant.id);
    clearFlow(reply);
    const next = takeReturnPath(req, reply, c.tenant.slug);
    return next ? reply.redirect(next, 303) : go(reply, c, 'settings');
  });

  route('POST', 'logout', async (c, req, reply) => {
    await destroyResidentSession(deps, req, reply);
    return go(reply, c, '');
  });

  // ---- settings and self-service (signed in) ----

  const signedIn =
    (handler: SignedInHandler): Handler =>
    async (c, req, reply, body) => {
      const session = await loadResident(deps, req);
      if (!session) return go(reply, c, 'login');
      return handler({ ...c, signedIn: true }, req, reply, body, session.residentId);
    };

  async function showSettings(c: PageCtx, req: Req, residentId: string, errors: Errors = {}, posted?: ReturnType<typeof readPreferenceForm>['values']) {
    const [follow, topics, email, streets] = await Promise.all([
      residents.getFollow(deps, c.tenant.id, residentId),
      residents.tenantTopics(deps, c.tenant.id),
      emailStatus(deps, residentId),
      streetChoices(deps, c.tenant.id),
    ]);
    const values = {
      ...(posted ?? (await valuesFromFollow(deps, c.tenant.id, follow, email?.address ?? null, c.lang))),
      streetChoices: streets.map((s) => s.label),
    };
    const notice = NOTICES[String(req.query.done)];
    const status = !follow ? 'none' : follow.status === 'active' ? 'active' : 'withdrawn';
    return settingsPage(c, topics, values, { status, notice, email }, errors);
  }

  route(
    'GET',
    'settings',
    signedIn(async (c, req, _reply, _body, residentId) => showSettings(c, req, residentId)),
  );

  route(
    'POST',
    'settings',
    signedIn(async (c, req, reply, body, residentId) => {
      const topics = await residents.tenantTopics(deps, c.tenant.id);
      const { values, errors } = readPreferenceForm(body, topics, c.lang);
      if (Object.keys(errors).length) return reply.code(400).send(await showSettings(c, req, residentId, errors, values));
      if (!(await residents.getFollow(deps, c.tenant.id, residentId))) return go(reply, c, 'register');
      await saveEmail(c, req, residentId, values.email);
      await residents.updatePreferences(deps, c.tenant, residentId, await toPreferences(deps, c.tenant.id, values), meta(req));
      return go(reply, c, 'settings', 'done=saved');
    }),
  );

  route(
    'POST',
    'settings/withdraw',
    signedIn(async (c, req, reply, _body, residentId) => {
      await residents.withdrawConsent(deps, c.tenant, residentId, meta(req));
      return go(reply, c, 'settings', 'done=withdrawn');
    }),
  );

  route(
    'GET',
    'settings/data',
    signedIn(async (c, _req, _reply, _body, residentId) => {
      const data = await residents.exportResident(deps, residentId);
      return dataPage(
        c,
        data,
        await tenantNamesById(
          deps.db,
          data.follows.map((f) => f.tenantId),
        ),
      );
    }),
  );

  route(
    'GET',
    'settings/data.json',
    signedIn(async (_c, _req, reply, _body, residentId) => {
      const data = await residents.exportResident(deps, residentId);
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', attachment('civicast-meine-daten.json'))
        .send(JSON.stringify(data, null, 2));
    }),
  );

  route(
    'GET',
    'settings/delete',
    signedIn(async (c) => deletePage(c)),
  );

  route(
    'POST',
    'settings/delete',
    signedIn(async (c, req, reply, _body, residentId) => {
      await residents.eraseResident(deps, residentId); // sessions go with the resident row
      await destroyResidentSession(deps, req, reply);
      return messagePage(c, 'deleteTitle', 'deleteDone', { path: '', key: 'backToStart' });
    }),
  );

  residentEmailRoutes(deps, { route, go, signedIn }, limits);
  signupStationPortalRoutes(deps, { route, go, signedIn });
  await residentPushRoutes(app, deps);
}
