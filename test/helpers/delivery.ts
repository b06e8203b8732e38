// Helpers for delivery tests: configure providers through the API and wait for statuses.
import { expect } from 'vitest';
import type { Session, TestApp } from './app.ts';

export async function addProvider(t: TestApp, s: Session, body: Record<string, unknown>): Promise<string> {
  const res = await t.as(s, { method: 'POST', url: '/api/v1/tenants/musterstadt/providers', payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

export async function sendMessage(t: TestApp, s: Session, body: Record<string, unknown>, tenant = 'musterstadt'): Promise<string> {
  const res = await t.as(s, { method: 'POST', url: `/api/v1/tenants/${tenant}/messages`, payload: body });
  expect(res.statusCode, res.body).toBe(202);
  return res.json().id;
}

export type Counts = Record<string, Record<string, number>>;

export async function messageCounts(t: TestApp, s: Session, id: string, tenant = 'musterstadt'): Promise<Counts> {
  return (await t.as(s, { method: 'GET', url: `/api/v1/tenants/${tenant}/messages/${id}` })).json().counts;
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
  return (await t.as(s, { method: 'GET', url: `/api/v1/tenants/${tenant}/messages/${id}/deliveries?limit=500` })).json().items as Array<{
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
  }>;
}
