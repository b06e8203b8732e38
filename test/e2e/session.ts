// Staff and residents as the browser tests act for them: the console's login form, the staff API with the session
// cookie and CSRF header as the console calls it, the dev outbox read as the installation operator, and a resident's
// sign-in on the portal with the code their phone got. One copy of each for every story in test/e2e.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import portalDe from '../../src/server/modules/portal/i18n/de.json' with { type: 'json' };
import { OWNER_EMAIL, OWNER_PASSWORD } from './helpers.ts';

/** A translation with its {placeholders} filled in. */
export const fill = (text: string, vars: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, name: string) => vars[name]);

/** The cookies of a page's browser profile as a Cookie header: the session of whoever signed in there. */
export async function cookieOf(p: Page): Promise<string> {
  return (await p.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
}

/** Fills in and submits the console's login form on a page that shows it. */
export async function submitLogin(p: Page, email: string, password: string): Promise<void> {
  await p.getByTestId('login-email').fill(email);
  await p.getByTestId('login-password').fill(password);
  await p.getByTestId('login-submit').click();
}

/** Opens a console page while signed out, signs in on the login page it leads to (as the seeded owner unless told), and comes back. */
export async function signInAt(p: Page, pageUrl: string, email = OWNER_EMAIL, password = OWNER_PASSWORD): Promise<void> {
  await p.goto(pageUrl);
  await p.waitForURL(/\/admin\/login/);
  await submitLogin(p, email, password);
}

export interface ApiAnswer<T> {
  status: number;
  json: T;
}

/** A message as its recipient got it (codes and links in clear; every staff view shows them masked). */
export interface Received {
  subject: string | null;
  bodyText: string;
}

export interface OutboxItem {
  id: string;
  channel: string;
  recipient: string;
  createdAt: string;
}

/**
 * A staff member's API session as the console holds it. The seeded owner is also the installation operator, who may
 * read the dev outbox and open a message's original: while no provider is configured, the dev outbox stands in for the
 * recipient's phone or mailbox.
 */
export interface Staff {
  baseUrl: string;
  cookie: string;
  csrf: string;
  /** A request with the session cookie and CSRF header; `path` below /api/v1/tenants/musterstadt unless it starts with /api/. */
  request(path: string, init?: Omit<RequestInit, 'headers'> & { headers?: Record<string, string> }): Promise<Response>;
  /** A JSON call as the console makes it; an empty answer reads as {}. Same paths as `request`. */
  api<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>>;
  /** A GET that must answer 200; its JSON. */
  getJson<T>(path: string): Promise<T>;
  /** What the dev outbox holds for a recipient, newest first. */
  outbox(recipient: string, tenant?: string): Promise<OutboxItem[]>;
  /** One outbox message as its recipient got it. */
  original(id: string, tenant?: string): Promise<Received>;
  /** Every message to a recipient as they got it, newest first. */
  messagesTo(recipient: string): Promise<Received[]>;
  /** The newest message to a recipient as they got it, once n of them have arrived. */
  received(recipient: string, n?: number, tenant?: string): Promise<Received>;
  /**
   * Notes what reached a phone so far; the function it returns waits for the code in a newer SMS. A message or a
   * warning may reach the number meanwhile (a loaded machine): the code is the new SMS that holds one.
   */
  nextCode(phone: string): Promise<() => Promise<string>>;
}

/** Signs in through the API, as the seeded owner unless told. */
export async function staffSignIn(baseUrl: string, email = OWNER_EMAIL, password = OWNER_PASSWORD): Promise<Staff> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return staffWithCookie(baseUrl, cookie);
}

/** The API session of whoever is signed in on the page's browser profile. */
export async function staffOf(p: Page, baseUrl: string): Promise<Staff> {
  return staffWithCookie(baseUrl, await cookieOf(p));
}

async function staffWithCookie(baseUrl: string, cookie: string): Promise<Staff> {
  const me = (await (await fetch(`${baseUrl}/api/v1/me`, { headers: { cookie } })).json()) as { csrfToken?: string };
  expect(me.csrfToken, 'a signed-in session has a CSRF token').toBeTruthy();
  const csrf = me.csrfToken!;
  const apiUrl = (path: string) => `${baseUrl}${path.startsWith('/api/') ? '' : '/api/v1/tenants/musterstadt'}${path}`;
  const outboxUrl = (path: string, tenant: string) => `${baseUrl}/api/v1/installation/outbox${path}?tenant=${tenant}`;

  const staff: Staff = {
    baseUrl,
    cookie,
    csrf,
    request: (path, init = {}) => fetch(apiUrl(path), { ...init, headers: { cookie, 'x-csrf-token': csrf, ...init.headers } }),
    async api<T>(method: string, path: string, body?: unknown) {
      const res = await staff.request(path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, json: (text ? JSON.parse(text) : {}) as T };
    },
    async getJson<T>(path: string) {
      const res = await fetch(apiUrl(path), { headers: { cookie } });
      expect(res.status, `GET ${path}`).toBe(200);
      return (await res.json()) as T;
    },
    async outbox(recipient, tenant = 'musterstadt') {
      const res = await fetch(`${outboxUrl('', tenant)}&limit=200`, { headers: { cookie } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: OutboxItem[] }).items.filter((i) => i.recipient === recipient);
    },
    async original(id, tenant = 'musterstadt') {
      const res = await fetch(outboxUrl(`/${id}/original`, tenant), { headers: { cookie } });
      expect(res.status).toBe(200);
      return (await res.json()) as Received;
    },
    async messagesTo(recipient) {
      return Promise.all((await staff.outbox(recipient)).map((i) => staff.original(i.id)));
    },
    async received(recipient, n = 1, tenant = 'musterstadt') {
      let items: OutboxItem[] = [];
      await expect
        .poll(async () => (items = await staff.outbox(recipient, tenant)).length, {
          timeout: 20_000,
          interval: 250,
          message: `message number ${n} to ${recipient}`,
        })
        .toBeGreaterThanOrEqual(n);
      return staff.original(items[0].id, tenant);
    },
    async nextCode(phone) {
      const before = new Set((await staff.outbox(phone)).map((i) => i.id));
      return async () => {
        let code: string | undefined;
        await expect
          .poll(async () => {
            for (const item of (await staff.outbox(phone)).filter((i) => !before.has(i.id))) {
              code ??= /\b(\d{6})\b/.exec((await staff.original(item.id)).bodyText)?.[1];
            }
            return code;
          })
          .toBeTruthy();
        return code!;
      };
    },
  };
  return staff;
}

/** Signs a resident in on Musterstadt's portal with the code their phone got (read from the dev outbox by `operator`). */
export async function signInResident(p: Page, operator: Staff, phone: string): Promise<void> {
  const code = await operator.nextCode(phone);
  await p.goto(`${operator.baseUrl}/m/musterstadt/login`);
  await p.getByLabel(portalDe.phoneLabel).fill(phone);
  await p.getByRole('button', { name: portalDe.sendCode }).click();
  await p.getByRole('heading', { level: 1, name: portalDe.codeTitle, exact: true }).waitFor();
  await p.getByLabel(portalDe.codeLabel).fill(await code());
  await p.getByRole('button', { name: portalDe.loginSubmit }).click();
  await p.getByRole('heading', { level: 1, name: portalDe.settingsTitle, exact: true }).waitFor();
}

/** Accepts an invitation with the link from the invitation mail to `email` (read from the dev outbox by `operator`). */
export async function acceptInvitation(operator: Staff, invitee: { email: string; name: string; password: string }, tenant = 'musterstadt'): Promise<void> {
  const mail = await operator.received(invitee.email, 1, tenant);
  const token = /accept-invitation\?token=([\w-]+)/.exec(mail.bodyText)?.[1];
  expect(token, `no invitation link in the mail to ${invitee.email}`).toBeTruthy();
  const accepted = await fetch(`${operator.baseUrl}/api/v1/invitations/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, name: invitee.name, password: invitee.password }),
  });
  expect(accepted.status).toBe(200);
}
