// Presence: who views a conversation and who types, from heartbeats; a silent viewer disappears after 15 s.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import type { InboxEvent } from '../../../common/contracts/inbox.ts';
import { on } from '../../platform/events.ts';
import { conversations } from '../../platform/db/schema.ts';
import { PRESENCE_TTL_MS, PresenceBoard } from './presence.ts';

describe('the presence board', () => {
  const tenant = 'tenant-1';
  const setup = () => {
    let now = 1_000_000;
    const events: Array<{ tenantId: string; event: InboxEvent }> = [];
    const board = new PresenceBoard(
      (tenantId, event) => events.push({ tenantId, event }),
      () => now,
    );
    return { board, events, advance: (ms: number) => (now += ms) };
  };

  it('lists viewers with their typing state and publishes only changes', () => {
    const { board, events } = setup();
    board.beat(tenant, 'c1', { userId: 'u1', name: 'Anna', typing: false });
    board.beat(tenant, 'c1', { userId: 'u1', name: 'Anna', typing: false });
    expect(events).toHaveLength(1);
    const viewers = board.beat(tenant, 'c1', { userId: 'u2', name: 'Bernd', typing: true });
    expect(viewers).toEqual([
      { userId: 'u1', name: 'Anna', typing: false },
      { userId: 'u2', name: 'Bernd', typing: true },
    ]);
    expect(events).toHaveLength(2);
    expect(events[1].event).toEqual({ type: 'presence', conversationId: 'c1', viewers });
    board.stop();
  });

  it('a viewer whose heartbeats stop is gone after the time-to-live, and the others hear it', () => {
    const { board, events, advance } = setup();
    board.beat(tenant, 'c1', { userId: 'u1', name: 'Anna', typing: false });
    advance(PRESENCE_TTL_MS - 5000);
    board.beat(tenant, 'c1', { userId: 'u2', name: 'Bernd', typing: false });
    advance(5001);
    board.sweep();
    expect(board.viewers(tenant, 'c1').map((v) => v.userId)).toEqual(['u2']);
    expect(events.at(-1)?.event).toEqual({ type: 'presence', conversationId: 'c1', viewers: [{ userId: 'u2', name: 'Bernd', typing: false }] });
    advance(PRESENCE_TTL_MS);
    board.sweep();
    expect(board.viewers(tenant, 'c1')).toEqual([]);
    board.stop();
  });

  it('keeps tenants and conversations apart', () => {
    const { board } = setup();
    board.beat(tenant, 'c1', { userId: 'u1', name: 'Anna', typing: false });
    expect(board.viewers('tenant-2', 'c1')).toEqual([]);
    expect(board.viewers(tenant, 'c2')).toEqual([]);
    board.stop();
  });
});

describe('POST …/presence', () => {
  let t: TestApp;
  let owner: Session;
  let agent: Session;
  let id: string;
  const url = () => `/api/v1/tenants/musterstadt/inbox/conversations/${id}/presence`;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.loginOwner();
    agent = await t.staffSession('agent');
    const now = new Date();
    [{ id }] = await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx
        .insert(conversations)
        .values({ tenantId: t.tenant.id, contactKind: 'phone', channel: 'sms', firstInboundAt: now, lastInboundAt: now, lastActivityAt: now })
        .returning({ id: conversations.id }),
    );
  });
  afterAll(async () => t.close());

  it('two colleagues on one conversation see each other, and the typing one is published to the stream', async () => {
    const heard: InboxEvent[] = [];
    const off = on('inbox.changed', ({ tenantId, event }) => tenantId === t.tenant.id && heard.push(event));
    await t.as(owner, { method: 'POST', url: url(), payload: { typing: false } });
    const res = await t.as(agent, { method: 'POST', url: url(), payload: { typing: true } });
    off();
    expect(res.statusCode).toBe(200);
    expect(res.json().viewers).toEqual([
      { userId: expect.any(String), name: 'agent', typing: true },
      { userId: expect.any(String), name: 'owner', typing: false },
    ]);
    expect(heard.at(-1)).toMatchObject({ type: 'presence', conversationId: id });
  });

  it('a conversation of no one here is 404; a viewer may not watch bodies', async () => {
    const missing = await t.as(owner, { method: 'POST', url: `/api/v1/tenants/musterstadt/inbox/conversations/${randomUUID()}/presence`, payload: {} });
    expect(missing.statusCode).toBe(404);
    const viewer = await t.staffSession('viewer');
    expect((await t.as(viewer, { method: 'POST', url: url(), payload: {} })).statusCode).toBe(403);
  });
});
