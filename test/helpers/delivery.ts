// Helpers for delivery tests: configure providers through the API and wait for statuses.
import { expect } from 'vitest';
import { type AcceptedSend, acceptSend, type SendInput } from '../../src/server/modules/delivery/index.ts';
import type { TenantRow } from '../../src/server/platform/tenancy.ts';
import type { Session, TestApp } from './app.ts';

/** A provider of the tenant (by slug; default Musterstadt), configured by the session's user through the API. */
export async function addProvider(t: TestApp, s: Session, body: Record<string, unknown>, tenant = 'musterstadt'): Promise<string> {
  const res = await t.as(s, { method: 'POST', url: `/api/v1/tenants/${tenant}/providers`, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

const engineTest = { userId: null, email: null, ip: null, userAgent: null, requestId: null };

/**
 * Engine tests hand addresses straight to the delivery engine (`acceptSend`, as the server's own codes and mails do).
 * The tenant API never takes raw addresses: it sends to audiences (src/server/modules/messages/messages.test.ts).
 */
export async function acceptAddresses(t: TestApp, body: SendInput, tenant: TenantRow = t.tenant): Promise<AcceptedSend> {
  return acceptSend(t.deps, engineTest, tenant, body);
}

/** `acceptAddresses`, for tests that need only the message id. */
export async function sendToAddresses(t: TestApp, body: SendInput, tenant: TenantRow = t.tenant): Promise<string> {
  return (await acceptAddresses(t, body, tenant)).id;
}

export type Counts = Record<string, Record<string, number>>;

export async function messageCounts(t: TestApp, s: Session, id: string, tenant = 'musterstadt'): Promise<Counts> {
  return (await t.as(s, { method: 'GET', url: `/api/v1/tenants/${tenant}/sends/${id}` })).json().counts;
}

export async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  let v = await fn();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    v = await fn();
  }
  return v;
}

export async function deliveriesOf(t: TestApp, s: Session, id: string, tenant = 'musterstadt') {
  return (await t.as(s, { method: 'GET', url: `/api/v1/tenants/${tenant}/sends/${id}/deliveries?limit=500` })).json().items as Array<{
    id: string;
    channel: string;
    recipient: string;
    status: string;
    providerId: string | null;
    attempts: number;
    lastError: string | null;
    parts: number | null;
    costCents: number | null;
    fallbackOf: string | null;
    sentAt: string | null;
  }>;
}

/** An SMPP provider on a local SMSC peer (test/peers/smsc.ts) started with systemId civicast and password secret. */
export const smppProvider = (smsc: { port: number }) => ({
  channel: 'sms',
  kind: 'smpp',
  name: 'SMSC',
  config: { host: '127.0.0.1', port: smsc.port, systemId: 'civicast', windowSize: 20 },
  secrets: { password: 'secret' },
  centsPerMessage: 7,
});

/**
 * An SMPP provider on a local SMSC peer (systemId civicast, password secret) with the server's defaults for everything
 * else, for tests about the settings they add themselves (a rate, a connection limit).
 */
export const smppPeerProvider = <S extends object = object>(smsc: { port: number }, name: string, settings = {} as S) => ({
  channel: 'sms' as const,
  kind: 'smpp' as const,
  name,
  config: { host: '127.0.0.1', port: smsc.port, systemId: 'civicast' },
  secrets: { password: 'secret' },
  ...settings,
});

/**
 * Records the statements of every tenant script (claims, outcome flushes) until `stop()`; `claims()` are the batch
 * claims among them (claimBatch's update: status sending, one more attempt).
 */
export function watchTenantScripts(t: TestApp) {
  const db = t.deps.db;
  const original = db.tenantScript;
  const statements: string[] = [];
  db.tenantScript = (tenantId, list) => {
    statements.push(...list);
    return original.call(db, tenantId, list);
  };
  return {
    statements,
    // a push claim stands inside a WITH, so the update is looked for anywhere in the statement
    claims: () => statements.filter((s) => s.includes("update deliveries set status = 'sending'") && s.includes('attempts = attempts + 1')),
    stop: () => {
      db.tenantScript = original;
    },
  };
}
