// Quiet hours: non-urgent deliveries to a resident inside their quiet window wait until it ends (held rows in batches
// of their own, released when due), warnings pass by the tenant's policy; the preview counts who would wait.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp, tenantWithOwner } from '../../../../test/helpers/app.ts';
import { waitFor } from '../../../../test/helpers/delivery.ts';
import { resident } from '../../../../test/helpers/factories.ts';
import { localMinutes, quietHoursEnd } from '../../../common/quiet-hours.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { acceptSend, deliveryProgress, quietHoursRelease } from './index.ts';

const actor = { userId: null, email: 'test', ip: null, userAgent: null, requestId: null };

describe('quietHoursEnd', () => {
  const tz = 'Europe/Berlin';
  it('is null outside the window and without one', () => {
    expect(quietHoursEnd(22 * 60, 6 * 60, tz, new Date('2026-06-01T10:00:00Z'))).toBeNull(); // 12:00 local
    expect(quietHoursEnd(null, 6 * 60, tz, new Date('2026-06-01T22:00:00Z'))).toBeNull();
    expect(quietHoursEnd(600, 600, tz, new Date('2026-06-01T08:00:00Z'))).toBeNull();
  });
  it('ends at the local end time, over midnight too', () => {
    // 23:30 local (CEST, UTC+2) in 22:00–06:30 → 06:30 local next morning = 04:30 UTC
    expect(quietHoursEnd(22 * 60, 6 * 60 + 30, tz, new Date('2026-06-01T21:30:00Z'))?.toISOString()).toBe('2026-06-02T04:30:00.000Z');
    // 01:00 local in the same window → the same morning
    expect(quietHoursEnd(22 * 60, 6 * 60 + 30, tz, new Date('2026-06-01T23:00:00Z'))?.toISOString()).toBe('2026-06-02T04:30:00.000Z');
    // a window within one day: 13:00–15:00, at 14:15 local (winter, UTC+1)
    expect(quietHoursEnd(13 * 60, 15 * 60, tz, new Date('2026-01-10T13:15:00Z'))?.toISOString()).toBe('2026-01-10T14:00:00.000Z');
  });
  it('lands on the wall-clock end across a daylight-saving change', () => {
    // night of 28/29 March 2026: clocks go from 02:00 to 03:00; 23:00 local (UTC+1) → 07:00 local (UTC+2) = 05:00 UTC
    expect(quietHoursEnd(22 * 60, 7 * 60, tz, new Date('2026-03-28T22:00:00Z'))?.toISOString()).toBe('2026-03-29T05:00:00.000Z');
  });
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ work: true });
});
afterAll(async () => {
  await t.close();
});

/** A quiet window around now in the tenant's time zone (started 5 minutes ago, ends in 30). */
function windowAroundNow(timeZone: string) {
  const m = Math.floor(localMinutes(new Date(), timeZone));
  return { start: (m - 5 + 1440) % 1440, end: (m + 30) % 1440 };
}

async function setQuiet(tenant: TenantRow, residentId: string, w: { start: number; end: number }) {
  await t.deps.db.system.execute(
    sql`update follows set quiet_start = ${w.start}, quiet_end = ${w.end} where tenant_id = ${tenant.id} and resident_id = ${residentId}`,
  );
}

const rowsOf = (messageId: string) =>
  t.deps.db.system.execute(
    sql`select resident_id as "residentId", status, held_until as "heldUntil", batch from deliveries where message_id = ${messageId}`,
  ) as unknown as Promise<{
    rows: Array<{ residentId: string; status: string; heldUntil: string | null; batch: number }>;
  }>;

describe('a resident in quiet hours', () => {
  let tenant: TenantRow;
  let owner: Session;
  // the two residents as a send addresses them (their ids once registered): one awake, one inside their quiet window
  const awake = { sms: '+491705550101', residentId: '' };
  const asleep = { sms: '+491705550102', residentId: '' };
  beforeAll(async () => {
    ({ tenant, owner } = await tenantWithOwner(t));
    awake.residentId = await resident(t.deps, tenant, { phone: awake.sms });
    asleep.residentId = await resident(t.deps, tenant, { phone: asleep.sms });
    await setQuiet(tenant, asleep.residentId, windowAroundNow(tenant.timeZone));
  });

  it('the preview says how many would wait; a warning waits for nobody by the default policy', async () => {
    const preview = await t.as(owner, { method: 'POST', url: `/api/v1/tenants/${tenant.slug}/audience/preview`, payload: { channels: ['sms'] } });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ count: 2, waiting: 1 });
    const warning = await t.as(owner, {
      method: 'POST',
      url: `/api/v1/tenants/${tenant.slug}/audience/preview`,
      payload: { channels: ['sms'], warning: true },
    });
    expect(warning.json()).toMatchObject({ count: 2, waiting: 0 });
  });

  it('gets a held delivery that does not block the others and goes out when the quiet hours are over', async () => {
    const sent = await acceptSend(t.deps, actor, tenant, {
      text: 'Sperrmüll am Montag',
      recipients: [awake, asleep],
    });
    const rows = (await rowsOf(sent.id)).rows;
    const held = rows.find((r) => r.residentId === asleep.residentId)!;
    expect(held.heldUntil).not.toBeNull();
    expect(new Date(held.heldUntil!).getTime()).toBeGreaterThan(Date.now() + 20 * 60_000);
    expect(held.batch).not.toBe(rows.find((r) => r.residentId === awake.residentId)!.batch); // a batch of its own
    // the other resident's delivery arrives; the held one waits
    const progress = await waitFor(
      () => deliveryProgress(t.deps, tenant.id, [sent.id]),
      (p) => p.totals.delivered === 1,
    );
    expect(progress.totals).toMatchObject({ delivered: 1, waiting: 1, total: 2 });
    expect(progress.done).toBe(false);
    expect(progress.nextRelease).toBe(new Date(held.heldUntil!).toISOString());
    expect((await rowsOf(sent.id)).rows.find((r) => r.residentId === asleep.residentId)!.status).toBe('queued');

    // the clock moves on: the hold ends, and the release picks the batch up
    await t.deps.db.system.execute(
      sql`update deliveries set held_until = now() - interval '1 second', next_attempt_at = now() - interval '1 second' where message_id = ${sent.id} and resident_id = ${asleep.residentId}`,
    );
    expect(await quietHoursRelease(t.deps)).toBeGreaterThanOrEqual(1);
    const after = await waitFor(
      () => deliveryProgress(t.deps, tenant.id, [sent.id]),
      (p) => p.totals.delivered === 2,
    );
    expect(after.totals).toMatchObject({ delivered: 2, waiting: 0 });
    expect(after.done).toBe(true);
  });

  it('a warning passes the quiet hours by default, and waits when the policy says so', async () => {
    const warn = () => acceptSend(t.deps, actor, tenant, { kind: 'warning', text: 'Unwetter', recipients: [asleep] });
    const first = await warn();
    expect((await rowsOf(first.id)).rows[0].heldUntil).toBeNull();
    const policy = await t.as(owner, {
      method: 'PATCH',
      url: `/api/v1/tenants/${tenant.slug}`,
      payload: { warningPolicy: { ignoreQuietHours: false, ignoreTopics: true } },
    });
    expect(policy.statusCode, policy.body).toBe(200);
    expect(policy.json().warningPolicy).toEqual({ ignoreQuietHours: false, ignoreTopics: true });
    const second = await warn();
    expect((await rowsOf(second.id)).rows[0].heldUntil).not.toBeNull();
    const preview = await t.as(owner, {
      method: 'POST',
      url: `/api/v1/tenants/${tenant.slug}/audience/preview`,
      payload: { channels: ['sms'], warning: true },
    });
    expect(preview.json()).toMatchObject({ waiting: 1 });
  });

  it('a caller may set notBefore itself; a test send never waits', async () => {
    const later = new Date(Date.now() + 3_600_000);
    const sent = await acceptSend(t.deps, actor, tenant, { text: 'Später', recipients: [{ ...awake, notBefore: later }] });
    expect(new Date((await rowsOf(sent.id)).rows[0].heldUntil!).toISOString()).toBe(later.toISOString());
    const test = await acceptSend(t.deps, actor, tenant, { kind: 'test', text: 'Test', recipients: [asleep] });
    expect((await rowsOf(test.id)).rows[0].heldUntil).toBeNull();
  });
});

describe('the warning policy on topics', () => {
  it('a warning reaches every follower, or only those following warnings when the policy keeps to topics', async () => {
    const { tenant, owner } = await tenantWithOwner(t);
    await resident(t.deps, tenant, { phone: '+491705550401' });
    const off = await resident(t.deps, tenant, { phone: '+491705550402' });
    // a resident whose follow lacks the warning topic (e.g. from before it became mandatory)
    await t.deps.db.system.execute(sql`update follows set topics = '["abfall"]' where tenant_id = ${tenant.id} and resident_id = ${off}`);
    const preview = () =>
      t
        .as(owner, { method: 'POST', url: `/api/v1/tenants/${tenant.slug}/audience/preview`, payload: { channels: ['sms'], warning: true } })
        .then((r) => r.json());
    expect((await preview()).count).toBe(2);
    await t.deps.db.system.execute(sql`update tenants set warning_policy = '{"ignoreQuietHours": true, "ignoreTopics": false}' where id = ${tenant.id}`);
    expect((await preview()).count).toBe(1);
  });
});
