// The resident portal as a browser sees it, for tests through app.inject: cookies kept, forms posted from the
// portal's own origin, SMS codes read from the dev outbox (as the recipient got them), registration in its three steps.
import { eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { decryptSecret } from '../../src/server/platform/auth/crypto.ts';
import { devOutbox } from '../../src/server/platform/db/schema.ts';
import { findResidentByPhone } from '../../src/server/modules/residents/index.ts';
import type { TestApp } from './app.ts';

/** Text as the portal's HTML escapes it. */
export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) p.append(k, one);
  return p.toString();
};

/** A browser: keeps cookies, sends forms from this site (Origin) and from its own address. */
export function portalBrowser(t: TestApp, ip: string) {
  const jar = new Map<string, string>();
  const send = async (opts: InjectOptions & { url: string }) => {
    const res = await t.app.inject({
      remoteAddress: ip,
      ...opts,
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(opts.headers ?? {}) },
    });
    for (const c of res.cookies) {
      if (c.value === '' || (c.maxAge !== undefined && c.maxAge <= 0) || (c.expires && c.expires.getTime() < Date.now())) jar.delete(c.name);
      else jar.set(c.name, c.value);
    }
    return res;
  };
  return {
    jar,
    get: (url: string) => send({ method: 'GET', url }),
    post: (url: string, fields: Record<string, string | string[]>, headers: Record<string, string> = { origin: t.deps.config.publicUrl }) =>
      send({ method: 'POST', url, payload: form(fields), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } }),
  };
}
export type PortalBrowser = ReturnType<typeof portalBrowser>;

/**
 * The dev outbox's messages to a recipient as the recipient got them, oldest first, once there are n of them (or the
 * wait is over). Staff see codes and links masked; the test plays the recipient's phone or mailbox and opens the
 * sealed original with the installation key, as the channel adapter handed it over.
 */
export async function outboxFor(t: TestApp, recipient: string, n = 1, waitMs = 15_000) {
  const asReceived = (r: typeof devOutbox.$inferSelect) => {
    if (!r.sealed) return r;
    const original = JSON.parse(decryptSecret(t.deps.config.secretKey, r.sealed)) as { subject?: string; text: string; html?: string };
    return { ...r, subject: original.subject ?? null, bodyText: original.text, bodyHtml: original.html ?? null };
  };
  for (const end = Date.now() + waitMs; ; ) {
    const rows = (await t.deps.db.system.select().from(devOutbox).where(eq(devOutbox.recipient, recipient)).orderBy(devOutbox.createdAt)).map(asReceived);
    if (rows.length >= n || Date.now() > end) return rows;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The six-digit code of the n-th SMS to a number. */
export const codeFrom = async (t: TestApp, phone: string, n = 1) => /\b(\d{6})\b/.exec((await outboxFor(t, phone, n)).at(-1)!.bodyText)![1];

/** Registers on Musterstadt's portal (phone → code → consent) and returns the resident's id. */
export async function registerOnPortal(
  t: TestApp,
  b: PortalBrowser,
  phone: string,
  e164: string,
  prefs: Record<string, string | string[]> = { channels: 'sms', topics: 'abfall' },
) {
  expect((await b.post('/m/musterstadt/register', { phone, website: '' })).headers.location).toBe('/m/musterstadt/register/code');
  expect((await b.post('/m/musterstadt/register/code', { code: await codeFrom(t, e164) })).headers.location).toBe('/m/musterstadt/register/consent');
  expect((await b.post('/m/musterstadt/register/consent', { ...prefs, consent: 'yes' })).headers.location).toBe('/m/musterstadt/register/done');
  return (await findResidentByPhone(t.deps, e164))!;
}
