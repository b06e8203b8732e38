// Inbox figures on a hand-made set of conversations whose answers are worked out below (Europe/Berlin, January: UTC+1).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { department } from '../../../../test/helpers/departments.ts';
import { pointersOf } from '../../../../test/helpers/rejection.ts';
import { queryRows } from '../../platform/db/client.ts';
import { figuresPeriod } from './figures.service.ts';

let t: TestApp;
let owner: Session;
let viewer: Session;
let agentId: string;
let amtA: string;
let amtB: string;
const api = '/api/v1/tenants/musterstadt/inbox';
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+01:00`).toISOString();
const FAR = '2099-01-01T00:00:00Z';

interface Seed {
  departmentId?: string | null;
  assigneeId?: string | null;
  channel: 'sms' | 'email' | 'portal';
  status: 'open' | 'waiting' | 'resolved' | 'closed';
  fi: string;
  frd?: string | null;
  fr?: string | null;
  rd?: string | null;
  resolved?: string | null;
  next?: string | null;
  mergedInto?: string | null;
  tenantId?: string;
}

async function seed(s: Seed): Promise<string> {
  const tenantId = s.tenantId ?? t.tenant.id;
  const [row] = await queryRows<{ id: string }>(
    t.deps.db.system,
    sql`insert into conversations (tenant_id, contact_kind, channel, subject, department_id, assignee_id, status, first_inbound_at, last_inbound_at,
          last_activity_at, first_response_due_at, first_responded_at, resolution_due_at, resolved_at, next_due_at, merged_into)
        values (${tenantId}, 'phone', ${s.channel}, 'Test', ${s.departmentId ?? null}, ${s.assigneeId ?? null}, ${s.status}, ${s.fi}, ${s.fi}, ${s.fi},
          ${s.frd ?? null}, ${s.fr ?? null}, ${s.rd ?? null}, ${s.resolved ?? null}, ${s.next ?? null}, ${s.mergedInto ?? null})
        returning id`,
  );
  return row.id;
}

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.loginOwner();
  viewer = await t.staffSession('viewer');
  agentId = await t.createStaff(t.tenant, 'agent@musterstadt.test', 'agent');
  amtA = await department(t.deps, t.tenant, { name: 'Amt A' });
  amtB = await department(t.deps, t.tenant, { name: 'Amt B' });

  // c1: A, SMS, answered after 30 min within its deadline, resolved on the 11th
  await seed({
    departmentId: amtA,
    assigneeId: agentId,
    channel: 'sms',
    status: 'resolved',
    fi: at('2026-01-10 09:00'),
    frd: at('2026-01-10 12:00'),
    fr: at('2026-01-10 09:30'),
    rd: at('2026-01-12 10:00'),
    resolved: at('2026-01-11 10:00'),
  });
  // c2: A, e-mail, answered after 180 min, too late; waiting for the resident (open now, not overdue)
  const c2 = await seed({
    departmentId: amtA,
    channel: 'email',
    status: 'waiting',
    fi: at('2026-01-10 10:00'),
    frd: at('2026-01-10 11:00'),
    fr: at('2026-01-10 13:00'),
    rd: FAR,
    next: FAR,
  });
  // c3: B, SMS, never answered, overdue since the 11th 09:00
  await seed({
    departmentId: amtB,
    channel: 'sms',
    status: 'open',
    fi: at('2026-01-11 08:00'),
    frd: at('2026-01-11 09:00'),
    rd: FAR,
    next: at('2026-01-11 09:00'),
  });
  // c4: no department, came before the period, answered in time, resolution overdue from the 11th 12:00 until resolved on the 12th 15:00
  await seed({
    channel: 'portal',
    status: 'resolved',
    fi: at('2026-01-09 10:00'),
    frd: at('2026-01-09 12:00'),
    fr: at('2026-01-09 11:00'),
    rd: at('2026-01-11 12:00'),
    resolved: at('2026-01-12 15:00'),
  });
  // c5: after the period; c6: long before it; c7: merged into c2 (counts as c2)
  await seed({ departmentId: amtB, channel: 'sms', status: 'resolved', fi: at('2026-01-20 10:00'), resolved: at('2026-01-21 10:00') });
  await seed({ departmentId: amtB, channel: 'sms', status: 'resolved', fi: at('2025-06-01 10:00'), resolved: at('2025-06-02 10:00') });
  await seed({ departmentId: amtA, channel: 'email', status: 'closed', fi: at('2026-01-10 10:30'), resolved: at('2026-01-10 11:00'), mergedInto: c2 });
  // another municipality's conversation in the period stays out
  const other = await t.createTenant('nachbarort', 'Nachbarort');
  await seed({ tenantId: other.id, channel: 'sms', status: 'open', fi: at('2026-01-10 10:00'), frd: at('2026-01-10 11:00'), next: at('2026-01-10 11:00') });
});
afterAll(async () => {
  await t.close();
});

const period = 'from=2026-01-10&to=2026-01-14';

describe('inbox figures', () => {
  it('per department: conversations, median first response, share within the deadline, open and overdue now', async () => {
    const res = await t.as(viewer, { method: 'GET', url: `${api}/figures?${period}` });
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json();
    expect(f.from).toBe('2026-01-10');
    expect(f.to).toBe('2026-01-14');
    expect(f.total).toEqual({ key: null, label: 'Gesamt', conversations: 3, medianFirstResponseMinutes: 105, withinDeadlineShare: 1 / 3, open: 2, overdue: 1 });
    expect(f.rows).toEqual([
      { key: amtA, label: 'Amt A', conversations: 2, medianFirstResponseMinutes: 105, withinDeadlineShare: 0.5, open: 1, overdue: 0 },
      { key: amtB, label: 'Amt B', conversations: 1, medianFirstResponseMinutes: null, withinDeadlineShare: 0, open: 1, overdue: 1 },
    ]);
  });

  it('a daily series of open and overdue at the end of each day', async () => {
    const f = (await t.as(owner, { method: 'GET', url: `${api}/figures?${period}` })).json();
    expect(f.series).toEqual([
      { date: '2026-01-10', open: 3, overdue: 0 },
      { date: '2026-01-11', open: 3, overdue: 2 },
      { date: '2026-01-12', open: 2, overdue: 1 },
      { date: '2026-01-13', open: 2, overdue: 1 },
      { date: '2026-01-14', open: 2, overdue: 1 },
    ]);
  });

  it('per channel and per person', async () => {
    const byChannel = (await t.as(owner, { method: 'GET', url: `${api}/figures?${period}&groupBy=channel` })).json();
    expect(byChannel.rows.map((r: { key: string; label: string; conversations: number }) => [r.key, r.label, r.conversations])).toEqual([
      ['sms', 'SMS', 2],
      ['email', 'E-Mail', 1],
    ]);
    const byPerson = (await t.as(owner, { method: 'GET', url: `${api}/figures?${period}&groupBy=assignee` })).json();
    expect(byPerson.rows).toEqual([
      { key: null, label: 'Niemand zugewiesen', conversations: 2, medianFirstResponseMinutes: 180, withinDeadlineShare: 0, open: 2, overdue: 1 },
      { key: agentId, label: 'agent', conversations: 1, medianFirstResponseMinutes: 30, withinDeadlineShare: 1, open: 0, overdue: 0 },
    ]);
  });

  it('defaults to the last 30 days and refuses a reversed or too long period', async () => {
    const f = (await t.as(owner, { method: 'GET', url: `${api}/figures` })).json();
    expect(f.series).toHaveLength(30);
    expect(f.series.at(-1).date).toBe(f.to);
    expect(f.series[0].date).toBe(f.from);
    expect(figuresPeriod({ from: '2026-03-01' }, 'Europe/Berlin')).toEqual({ from: '2026-03-01', to: '2026-03-30' });
    const reversed = await t.as(owner, { method: 'GET', url: `${api}/figures?from=2026-01-14&to=2026-01-10` });
    expect(reversed.statusCode).toBe(400);
    expect(pointersOf(reversed)).toEqual(['/querystring/from']);
    const long = await t.as(owner, { method: 'GET', url: `${api}/figures?from=2024-01-01&to=2026-01-10` });
    expect(pointersOf(long)).toEqual(['/querystring/to']);
    const bad = await t.as(owner, { method: 'GET', url: `${api}/figures?from=10.01.2026` });
    expect(bad.statusCode).toBe(400);
    expect(pointersOf(bad)).toEqual(['/querystring/from']);
    expect((await t.as(owner, { method: 'GET', url: `${api}/figures?groupBy=weather` })).statusCode).toBe(400);
  });
});
