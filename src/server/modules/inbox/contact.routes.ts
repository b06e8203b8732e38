// The portal's contact form /m/{tenant}/contact: anyone with an e-mail address, or a signed-in resident, writes to
// the municipality; the message is stored as an inbound message (recordInbound) and becomes a conversation like an
// SMS or e-mail reply. Plain form posts (no JavaScript), same-origin only, limited per address range and per sender.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { keyedLimit } from '../../platform/rate-limit.ts';
import { asLocale, t } from '../../i18n/index.ts';
import { sendTransactional } from '../delivery/index.ts';
import { PORTAL_SECURITY_HEADERS, sendPortalNotFound } from '../portal/index.ts';
import { isSameOrigin, lookupHash, residentPageContext, withinPortalLimits } from '../residents/index.ts';
import { type ContactErrors, type ContactPageCtx, type ContactValues, contactHref, contactPage, contactSentPage } from './contact.render.ts';
import { recordInbound } from './inbound.ts';

const HEADERS = { ...PORTAL_SECURITY_HEADERS, 'cache-control': 'no-store' };
const HOUR = 3600_000;
const SYSTEM: Actor = { userId: null, email: 'system', ip: null, userAgent: null, requestId: null };

export const CONTACT_LIMITS = {
  /** Messages per hour from one address range (/24, /48): a family or an office shares one. */
  perRangePerHour: 20,
  /** Messages per hour from one e-mail address or one signed-in resident (each unknown sender gets a confirmation). */
  perSenderPerHour: 5,
  textMax: 5000,
  nameMax: 200,
  subjectMax: 200,
} as const;

const value = z.union([z.string(), z.array(z.string()).max(5)]);
/** The form as posted: known fields only, strings (a field sent twice counts once). */
const contactForm = z.strictObject({
  name: value.optional(),
  email: value.optional(),
  subject: value.optional(),
  text: value.optional(),
  consent: value.optional(),
  website: value.optional(),
});
const emailAddress = z.email();

// control characters never belong in a message (NUL the platform refuses before any route); tabs and newlines do
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).replace(CONTROL, '');
const length = (s: string) => Array.from(s).length;

/** The posted values (kept for the page on an error) and what is wrong with them. */
export function readContactForm(body: unknown, signedIn: boolean): { values: ContactValues; errors: ContactErrors; honeypot: boolean } | null {
  const parsed = contactForm.safeParse(body ?? {});
  if (!parsed.success) return null;
  const f = parsed.data;
  const values: ContactValues = {
    name: first(f.name).trim(),
    email: first(f.email).trim(),
    subject: first(f.subject).replace(/\s+/g, ' ').trim(),
    text: first(f.text).replace(/\r\n?/g, '\n').trim(),
    consent: first(f.consent) === 'yes',
  };
  const errors: ContactErrors = {};
  const tooLong = (v: string, max: number) => ({ key: 'contact.errTooLong' as const, vars: { max: max.toLocaleString('de-DE'), count: String(length(v)) } });
  if (!signedIn) {
    if (length(values.name) > CONTACT_LIMITS.nameMax) errors.name = tooLong(values.name, CONTACT_LIMITS.nameMax);
    if (!values.email || values.email.length > 254 || !emailAddress.safeParse(values.email).success) errors.email = { key: 'contact.errEmail' };
  }
  if (length(values.subject) > CONTACT_LIMITS.subjectMax) errors.subject = tooLong(values.subject, CONTACT_LIMITS.subjectMax);
  if (!values.text) errors.text = { key: 'contact.errText' };
  else if (length(values.text) > CONTACT_LIMITS.textMax) errors.text = tooLong(values.text, CONTACT_LIMITS.textMax);
  if (!values.consent) errors.consent = { key: 'contact.errConsent' };
  return { values, errors, honeypot: first(f.website).trim() !== '' };
}

type Req = FastifyRequest<{ Params: { tenant: string }; Querystring: Record<string, unknown> }>;

export async function contactRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const perRange = keyedLimit(app, { name: 'contact-form:range', max: CONTACT_LIMITS.perRangePerHour, timeWindow: HOUR });
  const perSender = keyedLimit(app, { name: 'contact-form:sender', max: CONTACT_LIMITS.perSenderPerHour, timeWindow: HOUR });

  /** The page's context, and the resident id when a follower of this municipality is signed in. */
  const contextOf = (req: Req): Promise<{ c: ContactPageCtx; residentId: string | null } | null> => residentPageContext(deps, req);

  const empty: ContactValues = { name: '', email: '', subject: '', text: '', consent: false };

  app.get('/m/:tenant/contact', { schema: { hide: true } }, async (request, reply) => {
    const ctx = await contextOf(request as Req);
    if (!ctx) return sendPortalNotFound(request, reply);
    return reply
      .headers(HEADERS)
      .type('text/html; charset=utf-8')
      .send(contactPage(ctx.c, empty, {}));
  });

  app.get('/m/:tenant/contact/sent', { schema: { hide: true } }, async (request, reply) => {
    const ctx = await contextOf(request as Req);
    if (!ctx) return sendPortalNotFound(request, reply);
    return reply.headers(HEADERS).type('text/html; charset=utf-8').send(contactSentPage(ctx.c));
  });

  app.post('/m/:tenant/contact', { schema: { hide: true } }, async (request, reply: FastifyReply) => {
    const req = request as Req;
    const ctx = await contextOf(req);
    if (!ctx) return sendPortalNotFound(req, reply);
    const { c, residentId } = ctx;
    reply.headers(HEADERS).type('text/html; charset=utf-8');
    if (!isSameOrigin(deps, req)) return reply.code(403).send(contactPage(c, empty, {}, 'forbiddenText'));
    const form = readContactForm(req.body, c.signedIn);
    if (!form) return reply.code(400).send(contactPage(c, empty, {}, 'errorSummary'));
    const { values, errors } = form;
    if (Object.keys(errors).length) return reply.code(400).send(contactPage(c, values, errors));
    const sender = residentId ? `resident:${residentId}` : values.email.toLowerCase();
    const senderKey = residentId ? `resident:${residentId}` : lookupHash(deps.config.secretKey, 'email', sender);
    if (!(await withinPortalLimits(req, reply, perRange, { limit: perSender, key: senderKey })))
      return reply.code(429).send(contactPage(c, values, {}, 'contact.errLimited'));
    // a filled honeypot is a bot: it sees the same confirmation, but nothing is stored or sent
    if (!form.honeypot) {
      await recordInbound(deps, {
        tenantId: c.tenant.id,
        channel: 'portal',
        sender,
        residentId,
        name: residentId ? null : values.name || null,
        subject: values.subject || null,
        text: values.text,
        language: c.lang,
      });
      if (!residentId) await confirm(deps, c, sender);
      req.log.info({ tenant: c.tenant.slug, signedIn: Boolean(residentId) }, 'contact form message stored');
    }
    return reply.redirect(contactHref(c, 'contact/sent'), 303);
  });
}

/** The unknown sender hears that the message arrived and a person will answer (no text of theirs in it). */
async function confirm(deps: AppDeps, c: ContactPageCtx, to: string): Promise<void> {
  const locale = asLocale(c.lang);
  try {
    await sendTransactional(deps, c.tenant.id, SYSTEM, {
      channel: 'email',
      to,
      subject: t(locale, 'mail.contactConfirmation.subject', { tenant: c.tenant.name }),
      text: t(locale, 'mail.contactConfirmation.body', { tenant: c.tenant.name }),
    });
  } catch (err) {
    // the message is stored already; a confirmation that cannot go out must not turn that into an error page
    // (the error's message may name the address: only its code goes to the log)
    deps.log.warn({ code: (err as { code?: string }).code ?? 'error', tenant: c.tenant.slug }, 'contact form confirmation not sent');
  }
}
