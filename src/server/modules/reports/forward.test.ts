// Forwarding reports to a back office over Open311 and polling their status back: the client against small local
// back offices (JSON, XML only, tokens, errors, timeouts, the spec's own examples), the job's retries with backoff
// and its failures on a real database, and the round trip where one municipality's category forwards to another's
// Open311 endpoint served by this app. Time is driven by the `now` handed to the jobs, never by sleeping.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { department, joinDepartment } from '../../../../test/helpers/departments.ts';
import { rejectionOf } from '../../../../test/helpers/rejection.ts';
import { waitFor } from '../../../../test/helpers/delivery.ts';
import { testActor } from '../../../../test/helpers/factories.ts';
import { createReportInput, reportCategoryInput } from '../../../common/contracts/reports.ts';
import { devOutbox, reportItems, reports, staffNotifications } from '../../platform/db/schema.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { createCategory, updateCategory } from './categories.service.ts';
import { ForwardError, type ForwardLimits, getRequests, getTokenRequestId, postRequest } from './forward.client.ts';
import { backoffMs, FORWARD_POLICY, forwardDue, forwardTenantDue } from './forward.job.ts';
import { pollTenantForwarded } from './forward.poll.job.ts';
import { createOpen311Key } from './open311-keys.service.ts';
import { changeStatus, fileReport } from './reports.service.ts';

const fixture = (name: string) => readFileSync(path.resolve('test/fixtures/conformance/open311', name), 'utf8');
const limits: ForwardLimits = { timeoutMs: 500, allowPrivate: true, maxBytes: 1024 * 1024 };

// ---------------------------------------------------------------------------------------------------------------
// A back office on a local port: records what it was sent, answers what the test says

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  form: URLSearchParams;
}
type Answer = { status: number; type?: string; body: string } | 'hang';

interface BackOffice {
  url: string;
  seen: Seen[];
  answer(fn: (req: Seen) => Answer): void;
  close(): Promise<void>;
}

async function backOffice(): Promise<BackOffice> {
  const seen: Seen[] = [];
  let handler: (req: Seen) => Answer = () => ({ status: 500, body: '' });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const s: Seen = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
      };
      seen.push(s);
      const a = handler(s);
      if (a === 'hang') return;
      res.writeHead(a.status, { 'content-type': a.type ?? 'application/json; charset=utf-8' });
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/open311/v2/`,
    seen,
    answer: (fn) => {
      handler = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json = (body: unknown, status = 200): Answer => ({ status, body: JSON.stringify(body) });
const xml = (body: string, status = 200): Answer => ({ status, type: 'text/xml; charset=utf-8', body });

const failure = (p: Promise<unknown>) => rejectionOf(p, ForwardError);

const pothole = { serviceCode: 'strassenschaden', lat: 51.9607, lng: 7.6261, address: 'Hauptstraße 3', description: 'Tiefes Schlagloch vor Nr. 3' };

describe('the Open311 client', () => {
  let bo: BackOffice;
  beforeAll(async () => {
    bo = await backOffice();
  });
  afterAll(async () => {
    await bo?.close();
  });

  it('sends place, description and extra fields as a form, never the reporter, and reads the id of the JSON answer', async () => {
    bo.answer(() => ({ status: 201, body: fixture('spec-examples/service-request-post.json') }));
    const receipt = await postRequest(
      { url: bo.url, jurisdictionId: 'musterstadt.de', apiKey: 'k-123' },
      { ...pothole, attributes: { depth_cm: 12, kinds: ['asphalt', 'kante'] } },
      limits,
    );
    expect(receipt).toEqual({ serviceRequestId: '293944', token: null });
    const sent = bo.seen.at(-1)!;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/open311/v2/requests.json');
    expect([...sent.form.keys()].sort()).toEqual(
      [
        'address_string',
        'api_key',
        'attribute[depth_cm]',
        'attribute[kinds][]',
        'attribute[kinds][]',
        'description',
        'jurisdiction_id',
        'lat',
        'long',
        'service_code',
      ].sort(),
    );
    expect(sent.form.getAll('attribute[kinds][]')).toEqual(['asphalt', 'kante']);
    expect(Object.fromEntries(sent.form)).toMatchObject({
      service_code: 'strassenschaden',
      lat: '51.9607',
      long: '7.6261',
      description: 'Tiefes Schlagloch vor Nr. 3',
    });
  });

  it('asks an endpoint that speaks only XML in XML, and from then on in XML first', async () => {
    const only = await backOffice();
    only.answer((r) =>
      r.path.endsWith('.json')
        ? { status: 404, type: 'text/html', body: '<html><body>Not Found</body></html>' }
        : xml(fixture('spec-examples/service-request-post.xml')),
    );
    try {
      const endpoint = { url: only.url.replace(/\/$/, ''), jurisdictionId: null, apiKey: null };
      expect(await postRequest(endpoint, { ...pothole, attributes: {} }, limits)).toEqual({ serviceRequestId: '293944', token: null });
      expect(only.seen.map((s) => s.path)).toEqual(['/open311/v2/requests.json', '/open311/v2/requests.xml']);
      await postRequest(endpoint, { ...pothole, attributes: {} }, limits);
      expect(only.seen.map((s) => s.path).slice(2)).toEqual(['/open311/v2/requests.xml']);
    } finally {
      await only.close();
    }
  });

  it("takes a token instead of an id (a real back office's batch answer), and reads the id for it later", async () => {
    bo.answer((r) =>
      r.method === 'POST'
        ? xml(fixture('real-samples/mysociety-open311-adapter-merton/requestpost.xml'))
        : xml(fixture('real-samples/mysociety-open311-adapter-merton/token.xml')),
    );
    const endpoint = { url: bo.url, jurisdictionId: 'merton', apiKey: 'k' };
    expect(await postRequest(endpoint, { ...pothole, attributes: {} }, limits)).toEqual({ serviceRequestId: null, token: 'TOKEN' });
    expect(await getTokenRequestId(endpoint, 'TOKEN', limits)).toBe('ServiceID');
    const asked = bo.seen.at(-1)!;
    expect(asked.path).toBe('/open311/v2/tokens/TOKEN.json');
    expect(asked.query.get('jurisdiction_id')).toBe('merton');
    // the GET carries no API key: it would end up in the back office's access logs
    expect(asked.query.has('api_key')).toBe(false);

    bo.answer(() => ({ status: 200, body: fixture('spec-examples/request-from-token.json') }));
    expect(await getTokenRequestId(endpoint, '12345', limits)).toBe('638344');
    bo.answer(() => json([{ code: 404, description: 'no request for this token yet' }], 404));
    expect(await getTokenRequestId(endpoint, '12345', limits)).toBeNull();
  });

  it("reads the status of many requests in one call, even from the spec's own example with invalid JSON", async () => {
    bo.answer(() => ({ status: 200, body: fixture('spec-examples/service-requests.json') }));
    const remote = await getRequests({ url: bo.url, jurisdictionId: 'sf', apiKey: 'secret' }, ['638344', '638349'], limits);
    expect(remote).toEqual([
      { serviceRequestId: '638344', status: 'closed', statusNotes: 'Duplicate request.' },
      { serviceRequestId: '638349', status: 'open', statusNotes: null },
    ]);
    const asked = bo.seen.at(-1)!;
    expect(asked.path).toBe('/open311/v2/requests.json');
    expect(asked.query.get('service_request_id')).toBe('638344,638349');
  });

  it('classifies failures: 4xx and redirects are permanent, 408, 429, 5xx, timeouts and refused connections are retried', async () => {
    const endpoint = { url: bo.url, jurisdictionId: null, apiKey: null };
    const post = () => postRequest(endpoint, { ...pothole, attributes: {} }, limits);
    const cases: Array<[Answer, boolean, RegExp]> = [
      [json([{ code: 400, description: 'service_code: unknown' }], 400), false, /HTTP 400: service_code: unknown/],
      [xml(fixture('spec-examples/errors.xml'), 403), false, /HTTP 403: Invalid api_key received/],
      [{ status: 403, body: fixture('spec-examples/errors.json') }, false, /HTTP 403: Invalid api_key received/],
      [{ status: 302, body: '' }, false, /redirect/],
      [{ status: 408, body: '' }, true, /HTTP 408/],
      [{ status: 429, body: '' }, true, /HTTP 429/],
      [{ status: 500, body: 'oops' }, true, /HTTP 500/],
      [{ status: 503, type: 'text/html', body: '<html>down</html>' }, true, /HTTP 503/],
      ['hang', true, /no complete answer within 0.5 s/],
      // a 200 that is not Open311: the back office may have filed it, so it is not sent again
      [{ status: 200, type: 'text/html', body: 'Welcome' }, false, /not Open311/],
    ];
    for (const [answer, retryable, message] of cases) {
      bo.answer(() => answer);
      const err = await failure(post());
      expect({ retryable: err.retryable, message: err.message }, JSON.stringify(answer)).toMatchObject({ retryable, message: expect.stringMatching(message) });
    }
    const gone = await backOffice();
    const url = gone.url;
    await gone.close();
    expect((await failure(postRequest({ url, jurisdictionId: null, apiKey: null }, { ...pothole, attributes: {} }, limits))).retryable).toBe(true);
  });

  it('refuses a private or loopback back office unless the operator allows it', async () => {
    const before = bo.seen.length;
    const err = await failure(
      postRequest({ url: bo.url, jurisdictionId: null, apiKey: null }, { ...pothole, attributes: {} }, { ...limits, allowPrivate: false }),
    );
    expect(err).toMatchObject({ kind: 'private_address', retryable: false });
    const named = await failure(
      postRequest(
        { url: bo.url.replace('127.0.0.1', 'localhost'), jurisdictionId: null, apiKey: null },
        { ...pothole, attributes: {} },
        { ...limits, allowPrivate: false },
      ),
    );
    expect(named).toMatchObject({ kind: 'private_address', retryable: false });
    expect(bo.seen.length).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The job on a real database

describe('forwarding reports', () => {
  let t: TestApp;
  let bo: BackOffice;
  let categoryId: string;
  const memberEmail = 'bauhof@musterstadt.test';

  beforeAll(async () => {
    t = await createTestApp({ work: true, env: { CIVICAST_OPEN311_FORWARD_ALLOW_PRIVATE: 'true' } });
    bo = await backOffice();
    const memberId = await t.createStaff(t.tenant, memberEmail, 'agent');
    const departmentId = await department(t.deps, t.tenant, { name: 'Bauhof' });
    await joinDepartment(t.deps, t.tenant, departmentId, memberId);
    const category = await createCategory(
      t.deps,
      testActor,
      t.tenant,
      reportCategoryInput.parse({
        code: 'strassenschaden',
        name: 'Straßenschaden',
        departmentId,
        fields: [{ code: 'depth_cm', datatype: 'number', label: 'Tiefe in cm' }],
        forwardUrl: bo.url,
        forwardServiceCode: 'STR-01',
        forwardJurisdictionId: 'kreis.example',
        forwardApiKey: 'back-office-key',
      }),
    );
    categoryId = category.id;
  });
  afterAll(async () => {
    await t?.close();
    await bo?.close();
  });

  const file = (description: string) =>
    fileReport(
      t.deps,
      testActor,
      t.tenant,
      createReportInput.parse({
        categoryId,
        description,
        location: { lat: 51.9607, lng: 7.6261 },
        address: 'Hauptstraße 3',
        attributes: { depth_cm: 12 },
        contact: { kind: 'email', email: 'erika@example.org', name: 'Erika Mustermann' },
      }),
      { source: 'staff' },
    );
  const row = async (id: string) => (await t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(reports).where(eq(reports.id, id))))[0];
  const events = async (id: string) =>
    (await t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(reportItems).where(eq(reportItems.reportId, id)))).map((i) => i.event?.type);
  const postsOf = (description: string) => bo.seen.filter((s) => s.method === 'POST' && s.form.get('description') === description);

  it('a back office answering 503 twice is asked again after 1 and then 2 minutes, and then has the report', async () => {
    let calls = 0;
    bo.answer((r) =>
      r.method !== 'POST' ? json([]) : ++calls <= 2 ? { status: 503, body: '' } : json([{ service_request_id: 'BO-4711', service_notice: '' }]),
    );
    const { id } = await file('Schlagloch, zweimal 503');
    // filing wakes the forwarder at once: the first try fails
    const first = await waitFor(
      () => row(id),
      (r) => r.forwardAttempts === 1 && r.forwardError !== null,
    );
    expect(first).toMatchObject({ forwardState: 'pending', forwardAttempts: 1, forwardError: expect.stringContaining('HTTP 503') });
    const t1 = first.forwardNextAt!;
    expect(t1.getTime() - first.createdAt.getTime()).toBeGreaterThanOrEqual(backoffMs(1));

    // not yet due: nothing is sent
    expect(await forwardTenantDue(t.deps, t.tenant.id, new Date(t1.getTime() - 1000))).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(postsOf('Schlagloch, zweimal 503')).toHaveLength(1);

    expect(await forwardTenantDue(t.deps, t.tenant.id, t1)).toEqual({ sent: 0, retried: 1, failed: 0 });
    const second = await row(id);
    expect(second).toMatchObject({ forwardState: 'pending', forwardAttempts: 2 });
    expect(second.forwardNextAt!.getTime() - t1.getTime()).toBe(2 * 60_000);

    // the minute's sweep over all municipalities
    expect(await forwardDue(t.deps, second.forwardNextAt!)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await row(id)).toMatchObject({ forwardState: 'sent', forwardRemoteId: 'BO-4711', forwardAttempts: 3, forwardError: null, forwardNextAt: null });
    expect(await events(id)).toContain('forwarded');

    const posts = postsOf('Schlagloch, zweimal 503');
    expect(posts).toHaveLength(3);
    // the back office's own code, jurisdiction and key; the pin, the address and the extra field; no contact data
    expect(Object.fromEntries(posts[2].form)).toEqual({
      jurisdiction_id: 'kreis.example',
      api_key: 'back-office-key',
      service_code: 'STR-01',
      lat: '51.9607',
      long: '7.6261',
      address_string: 'Hauptstraße 3',
      description: 'Schlagloch, zweimal 503',
      'attribute[depth_cm]': '12',
    });
  });

  it('the backoff doubles up to an hour, and the 10th failed try gives up', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => backoffMs(n) / 60_000)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    expect(FORWARD_POLICY.maxAttempts).toBe(10);
  });

  it('a 400 fails at once without another try: the error is kept, the history says so and the department is told', async () => {
    bo.answer((r) => (r.method === 'POST' ? json([{ code: 400, description: 'attribute[depth_cm]: unknown attribute' }], 400) : json([])));
    const { id, number } = await file('Schlagloch, abgelehnt');
    const failed = await waitFor(
      () => row(id),
      (r) => r.forwardState === 'failed',
    );
    expect(failed).toMatchObject({
      forwardAttempts: 1,
      forwardNextAt: null,
      forwardError: expect.stringContaining('HTTP 400: attribute[depth_cm]: unknown attribute'),
    });
    expect(await events(id)).toContain('forward_failed');
    expect(await forwardTenantDue(t.deps, t.tenant.id, new Date(Date.now() + 24 * 3_600_000))).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(postsOf('Schlagloch, abgelehnt')).toHaveLength(1);

    // (the member also got the report assigned when it was filed)
    const notices = await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx
        .select()
        .from(staffNotifications)
        .where(and(eq(staffNotifications.reportId, id), eq(staffNotifications.kind, 'escalation'))),
    );
    expect(notices).toHaveLength(1);
    expect(notices[0].text).toContain(`Meldung ${number} konnte nicht`);
    const mails = await waitFor(
      () => t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(devOutbox).where(eq(devOutbox.recipient, memberEmail))),
      (m) => m.some((x) => x.subject?.includes('Weiterleitung einer Meldung fehlgeschlagen')),
    );
    const mail = mails.find((x) => x.subject?.includes('Weiterleitung einer Meldung fehlgeschlagen'));
    expect(mail?.bodyText).toContain(`Meldung ${number} konnte nicht an das Fachsystem weitergeleitet werden`);
    expect(mail?.bodyText).toContain(`/admin/t/musterstadt/reports/${id}`);
    // the reporter's address never reaches staff notices about the back office
    expect(JSON.stringify([notices, mail])).not.toContain('erika@example.org');
  });

  it('the 10th failed try gives up for good', async () => {
    bo.answer((r) => (r.method === 'POST' ? { status: 502, body: '' } : json([])));
    const { id } = await file('Schlagloch, Dauerstörung');
    const first = await waitFor(
      () => row(id),
      (r) => r.forwardAttempts === 1 && r.forwardError !== null,
    );
    // eight more failed tries, each when it is due
    let due = first.forwardNextAt!;
    for (let attempt = 2; attempt <= 9; attempt++) {
      expect(await forwardTenantDue(t.deps, t.tenant.id, due)).toMatchObject({ retried: 1 });
      due = (await row(id)).forwardNextAt!;
    }
    expect(await forwardTenantDue(t.deps, t.tenant.id, due)).toMatchObject({ failed: 1 });
    expect(await row(id)).toMatchObject({ forwardState: 'failed', forwardAttempts: 10, forwardError: expect.stringContaining('HTTP 502') });
    expect(postsOf('Schlagloch, Dauerstörung')).toHaveLength(10);
  });

  it('two workers sweeping at once send a report only once', async () => {
    // filed while the category does not forward, then waiting for forwarding: nothing in the background takes it
    await updateCategory(t.deps, testActor, t.tenant, categoryId, { forwardUrl: null });
    const { id } = await file('Schlagloch, zwei Arbeiter');
    await updateCategory(t.deps, testActor, t.tenant, categoryId, { forwardUrl: bo.url });
    const now = new Date(Date.now() + 3_600_000);
    await t.deps.db.withTenant(t.tenant.id, (tx) =>
      tx
        .update(reports)
        .set({ forwardState: 'pending', forwardNextAt: now })
        .where(and(eq(reports.id, id), sql`forward_state is null`)),
    );
    bo.answer((r) => (r.method === 'POST' ? json([{ service_request_id: 'BO-2' }]) : json([])));
    const runs = await Promise.all([forwardTenantDue(t.deps, t.tenant.id, now), forwardTenantDue(t.deps, t.tenant.id, now)]);
    expect(runs.map((r) => r.sent).sort()).toEqual([0, 1]);
    expect(postsOf('Schlagloch, zwei Arbeiter')).toHaveLength(1);
    expect(await row(id)).toMatchObject({ forwardState: 'sent', forwardRemoteId: 'BO-2', forwardAttempts: 1 });
  });

  it("the back office's notes on an open request become a public comment, once per change", async () => {
    let notes: string | null = null;
    bo.answer((r) => {
      if (r.method === 'POST') return json([{ service_request_id: 'BO-88' }]);
      const ids = (r.query.get('service_request_id') ?? '').split(',');
      return json(ids.filter((x) => x === 'BO-88').map((x) => ({ service_request_id: x, status: 'open', status_notes: notes })));
    });
    const { id } = await file('Schlagloch mit Notizen');
    await waitFor(
      () => row(id),
      (r) => r.forwardState === 'sent',
    );
    const publicBodies = async () =>
      (
        await t.deps.db.withTenant(t.tenant.id, (tx) =>
          tx
            .select()
            .from(reportItems)
            .where(and(eq(reportItems.reportId, id), eq(reportItems.kind, 'public'))),
        )
      ).map((i) => i.body);
    expect(await pollTenantForwarded(t.deps, t.tenant, new Date())).toMatchObject({ comments: 0, resolved: 0 });
    notes = 'Auftrag an die Baufirma erteilt';
    expect(await pollTenantForwarded(t.deps, t.tenant, new Date())).toMatchObject({ comments: 1 });
    expect(await pollTenantForwarded(t.deps, t.tenant, new Date())).toMatchObject({ comments: 0 });
    notes = 'Baufirma kommt am Montag';
    expect(await pollTenantForwarded(t.deps, t.tenant, new Date())).toMatchObject({ comments: 1 });
    expect(await publicBodies()).toEqual(['Auftrag an die Baufirma erteilt', 'Baufirma kommt am Montag']);
    expect(await row(id)).toMatchObject({ status: 'received' });
  });

  it('a token answer gets its id when polling; closed at the back office resolves the report with its notes', async () => {
    bo.answer((r) => {
      if (r.method === 'POST') return json([{ token: 'tok-77' }]);
      if (r.path.includes('/tokens/tok-77')) return json([{ service_request_id: 'BO-77', token: 'tok-77' }]);
      const ids = (r.query.get('service_request_id') ?? '').split(',');
      return json(ids.filter((x) => x === 'BO-77').map((x) => ({ service_request_id: x, status: 'closed', status_notes: 'Loch verfüllt am 30.11.' })));
    });
    const { id } = await file('Schlagloch mit Token');
    const sent = await waitFor(
      () => row(id),
      (r) => r.forwardState === 'sent',
    );
    expect(sent).toMatchObject({ forwardRemoteId: null, forwardToken: 'tok-77' });

    const run = await pollTenantForwarded(t.deps, t.tenant, new Date());
    expect(run).toMatchObject({ ids: 1, resolved: 1 });
    const after = await row(id);
    expect(after).toMatchObject({ forwardRemoteId: 'BO-77', status: 'resolved' });
    expect(after.forwardPolledAt).not.toBeNull();
    const items = await t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(reportItems).where(eq(reportItems.reportId, id)));
    expect(items.filter((i) => i.kind === 'public').map((i) => i.body)).toContain('Loch verfüllt am 30.11.');
    expect(items.map((i) => i.event?.type)).toContain('forward_remote_id');
    // the reporter hears of it through the engine
    const mails = await waitFor(
      () => t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(devOutbox).where(eq(devOutbox.recipient, 'erika@example.org'))),
      (m) => m.some((x) => x.bodyText.includes('Loch verfüllt am 30.11.')),
    );
    expect(mails.some((x) => x.bodyText.includes('Loch verfüllt am 30.11.'))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The round trip: Musterstadt's category forwards to Kreisstadt's Open311 endpoint, served by this same app

describe('the round trip to a second municipality over Open311', () => {
  let t: TestApp;
  let kreisstadt: TenantRow;
  let baseUrl: string;

  beforeAll(async () => {
    t = await createTestApp({ work: true, env: { CIVICAST_OPEN311_FORWARD_ALLOW_PRIVATE: 'true' } });
    baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
    kreisstadt = await t.createTenant('kreisstadt', 'Kreisstadt');
  });
  afterAll(async () => {
    await t?.close();
  });

  it("a report filed in Musterstadt appears in Kreisstadt, and Kreisstadt's resolution comes back to the reporter", async () => {
    await createCategory(t.deps, testActor, kreisstadt, reportCategoryInput.parse({ code: 'beleuchtung', name: 'Beleuchtung' }));
    const { key } = await createOpen311Key(t.deps, testActor, kreisstadt, { name: 'Musterstadt (Weiterleitung)' });
    const lamp = await createCategory(
      t.deps,
      testActor,
      t.tenant,
      reportCategoryInput.parse({
        code: 'laterne',
        name: 'Straßenlaterne',
        forwardUrl: `${baseUrl}/open311/v2/`,
        forwardServiceCode: 'beleuchtung',
        forwardJurisdictionId: 'kreisstadt',
        forwardApiKey: key,
      }),
    );
    const filed = await fileReport(
      t.deps,
      testActor,
      t.tenant,
      createReportInput.parse({
        categoryId: lamp.id,
        description: 'Die Laterne vor Lindenweg 5 flackert seit Tagen',
        location: { lat: 52.5163, lng: 13.3777 },
        address: 'Lindenweg 5',
        contact: { kind: 'email', email: 'max@example.org', name: 'Max Muster' },
      }),
      { source: 'portal' },
    );
    const inA = async () => (await t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(reports).where(eq(reports.id, filed.id))))[0];

    // filing wakes the forwarder, which posts to Kreisstadt's /open311/v2/requests.json
    const sent = await waitFor(inA, (r) => r.forwardState !== 'pending');
    expect(sent).toMatchObject({ forwardState: 'sent', forwardError: null });
    const [inB] = await t.deps.db.withTenant(kreisstadt.id, (tx) =>
      tx
        .select()
        .from(reports)
        .where(eq(reports.number, Number(sent.forwardRemoteId))),
    );
    expect(inB).toMatchObject({
      tenantId: kreisstadt.id,
      description: 'Die Laterne vor Lindenweg 5 flackert seit Tagen',
      lat: 52.5163,
      lng: 13.3777,
      source: 'open311',
      // the back office never gets the reporter
      contactKind: 'anonymous',
      contactEnc: null,
    });

    // Kreisstadt resolves it with a public comment; Musterstadt's poll takes it over
    const staff = await t.createStaff(kreisstadt, 'bauhof@kreisstadt.test', 'admin');
    await changeStatus(t.deps, testActor, { tenant: kreisstadt, userId: staff, role: 'admin' }, inB.id, {
      status: 'resolved',
      publicComment: 'Die Lampe wurde ersetzt',
    });
    expect(await pollTenantForwarded(t.deps, t.tenant, new Date())).toMatchObject({ polled: 1, resolved: 1 });
    expect(await inA()).toMatchObject({ status: 'resolved' });
    const items = await t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(reportItems).where(eq(reportItems.reportId, filed.id)));
    expect(items.filter((i) => i.kind === 'public').map((i) => i.body)).toEqual(['Die Lampe wurde ersetzt']);

    // Musterstadt's reporter gets the status message with the comment (dev outbox)
    const mails = await waitFor(
      () => t.deps.db.withTenant(t.tenant.id, (tx) => tx.select().from(devOutbox).where(eq(devOutbox.recipient, 'max@example.org'))),
      (m) => m.some((x) => x.bodyText.includes('Die Lampe wurde ersetzt')),
    );
    expect(mails.some((x) => x.bodyText.includes('Die Lampe wurde ersetzt'))).toBe(true);

    // a second poll finds nothing open any more
    expect(await pollTenantForwarded(t.deps, t.tenant, new Date())).toMatchObject({ polled: 0, resolved: 0 });
  });
});
