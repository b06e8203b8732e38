// A resident's SMS reaching the municipality through an HTTP SMS provider: the local provider peer posts the signed
// incoming-message webhook (Twilio's form fields, or generic JSON) to /hooks/sms/:providerId/inbound, which answers 2xx
// only once the message is stored, refuses forged and malformed webhooks, and stores a retried webhook once.
import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { freePort } from '../../../../test/helpers/ports.ts';
import { addProvider } from '../../../../test/helpers/delivery.ts';
import { pointersOf } from '../../../../test/helpers/rejection.ts';
import { type SmsHttpProvider, startSmsHttpProvider } from '../../../../test/peers/sms-http-provider.ts';
import { queryRows } from '../../platform/db/client.ts';
import type { TenantRow } from '../../platform/tenancy.ts';

let t: TestApp;
let port: number;
let peer: SmsHttpProvider;
let twilioTenant: TenantRow;
let genericTenant: TenantRow;
let twilioProvider: string;
let genericProvider: string;
let receiptOnlyProvider: string;

const hookUrl = (providerId: string) => `http://127.0.0.1:${port}/hooks/sms/${providerId}/inbound`;

const genericConfig = (inbound: boolean) => ({
  mapping: 'generic-json',
  baseUrl: peer.baseUrl,
  from: 'Jsonheim',
  generic: {
    path: '/generic/send',
    authHeader: 'bearer',
    bodyTemplate: { to: '{to}', text: '{text}', sender: '{from}' },
    messageIdPath: 'data.message.id',
    receipt: {
      idField: 'event.messageId',
      statusField: 'event.state',
      statusMap: { DELIVRD: 'delivered' },
      signature: { kind: 'hmac-sha256', header: 'X-Signature' },
    },
    ...(inbound ? { inbound: { idField: 'inbound.id', fromField: 'inbound.sender', toField: 'inbound.recipient', textField: 'inbound.content' } } : {}),
  },
});

beforeAll(async () => {
  port = await freePort();
  // jobs queued but not worked: this is about the webhook and the write behind it, not the threader
  t = await createTestApp({ jobs: true, env: { CIVICAST_PUBLIC_URL: `http://127.0.0.1:${port}` } });
  await t.app.listen({ port, host: '127.0.0.1' });
  peer = await startSmsHttpProvider();
  twilioTenant = await t.createTenant('twiliohausen', 'Twiliohausen');
  genericTenant = await t.createTenant('jsonheim', 'Jsonheim');
  const twilioOwner = await t.login('owner@twiliohausen.test');
  const genericOwner = await t.login('owner@jsonheim.test');
  const twilio = { mapping: 'twilio', baseUrl: peer.baseUrl, accountId: peer.accountSid, from: '+4930901820' };
  twilioProvider = await addProvider(
    t,
    twilioOwner,
    { channel: 'sms', kind: 'sms-http', name: 'Twilio', config: twilio, secrets: { authToken: peer.authToken } },
    'twiliohausen',
  );
  const generic = (inbound: boolean, name: string) => ({
    channel: 'sms',
    kind: 'sms-http',
    name,
    config: genericConfig(inbound),
    secrets: { authToken: peer.authToken },
  });
  genericProvider = await addProvider(t, genericOwner, generic(true, 'JSON'), 'jsonheim');
  receiptOnlyProvider = await addProvider(t, genericOwner, generic(false, 'JSON ohne Eingang'), 'jsonheim');
});

afterAll(async () => {
  await peer?.close();
  await t?.close();
});

const stored = (sid: string) =>
  queryRows<{ tenantId: string | null; providerId: string; sender: string; recipient: string; text: string; channel: string }>(
    t.deps.db.system,
    sql`select tenant_id as "tenantId", provider_id as "providerId", sender, recipient, text, channel
          from inbound_messages where raw->>'providerMessageId' = ${sid}`,
  );

async function refusedMetric(reason: string): Promise<number> {
  const body = (await t.app.inject('/metrics')).body;
  const line = new RegExp(`^civicast_inbound_refused_total\\{channel="sms",reason="${reason}"\\} (\\d+)$`, 'm').exec(body);
  return line ? Number(line[1]) : 0;
}

/** Twilio's signature over URL and sorted form fields, with the peer's token: a webhook we build by hand. */
function twilioSigned(url: string, form: Record<string, string>) {
  const params = new URLSearchParams(form);
  const data = [...params.keys()]
    .sort()
    .map((k) => k + params.get(k))
    .join('');
  const signature = createHmac('sha1', peer.authToken).update(`${url}${data}`).digest('base64');
  return { headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, payload: params.toString() };
}

describe('inbound SMS over HTTP providers', () => {
  it("Twilio: a resident's SMS is stored for the provider's municipality before Twilio hears 200 (empty TwiML)", async () => {
    const result = await peer.sendInbound(hookUrl(twilioProvider), { from: '+4915112340001', to: '+4930901820', body: 'Die Ampel an der Schule ist aus.' });
    expect(result.httpStatus).toBe(200);
    expect(result.responseBody).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    expect(await stored(result.sid)).toEqual([
      {
        tenantId: twilioTenant.id,
        providerId: twilioProvider,
        sender: '+4915112340001',
        recipient: '+4930901820',
        text: 'Die Ampel an der Schule ist aus.',
        channel: 'sms',
      },
    ]);
  });

  it('generic JSON: the configured fields are read and the webhook answered 204 once stored', async () => {
    const result = await peer.sendInbound(hookUrl(genericProvider), {
      via: 'generic',
      from: '004915112340002',
      to: 'Jsonheim',
      body: 'Müll nicht abgeholt 🙁',
    });
    expect(result.httpStatus).toBe(204);
    expect(await stored(result.sid)).toMatchObject([
      { tenantId: genericTenant.id, sender: '+4915112340002', recipient: 'Jsonheim', text: 'Müll nicht abgeholt 🙁' },
    ]);
  });

  it('a forged signature is refused with 401 problem+json, counted, and nothing is stored', async () => {
    const before = await refusedMetric('bad_signature');
    for (const [provider, via] of [
      [twilioProvider, 'twilio'],
      [genericProvider, 'generic'],
    ] as const) {
      const forged = await peer.sendInbound(hookUrl(provider), {
        via,
        from: '+4915112340003',
        to: '+4930901820',
        body: 'gefälscht',
        signingKey: 'not-the-token',
      });
      expect(forged.httpStatus).toBe(401);
      expect(JSON.parse(forged.responseBody)).toMatchObject({ status: 401, code: 'unauthenticated' });
      expect(await stored(forged.sid)).toEqual([]);
    }
    const unsigned = await t.app.inject({
      method: 'POST',
      url: `/hooks/sms/${twilioProvider}/inbound`,
      payload: 'From=%2B491&To=x&Body=y&MessageSid=SM00000000000000000000000000000000',
    });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await refusedMetric('bad_signature')).toBe(before + 3);
  });

  it('a correctly signed but malformed body answers 400 with the fields at fault, and is counted', async () => {
    const before = await refusedMetric('malformed');
    const url = `/hooks/sms/${twilioProvider}/inbound`;
    const res = await t.app.inject({
      method: 'POST',
      url,
      ...twilioSigned(`http://127.0.0.1:${port}${url}`, { MessageSid: 'SMnot-a-sid', Body: 'x', To: '+4930901820' }),
    });
    expect(res.statusCode).toBe(400);
    expect(pointersOf(res).sort()).toEqual(['/body/From', '/body/MessageSid']);

    const body = JSON.stringify({ inbound: { id: 'gen-in-1', sender: '+4915112340004' } });
    const signature = createHmac('sha256', peer.authToken).update(body).digest('hex');
    const generic = await t.app.inject({
      method: 'POST',
      url: `/hooks/sms/${genericProvider}/inbound`,
      headers: { 'content-type': 'application/json', 'x-signature': signature },
      payload: body,
    });
    expect(generic.statusCode).toBe(400);
    expect(pointersOf(generic)).toEqual(['/body/inbound/recipient', '/body/inbound/content']);
    expect(await refusedMetric('malformed')).toBe(before + 2);
  });

  it('a retried webhook (same message id, again and at the same time) is stored once and answered 2xx each time', async () => {
    const first = await peer.sendInbound(hookUrl(twilioProvider), { from: '+4915112340005', to: '+4930901820', body: 'Einmal, bitte.' });
    const again = await Promise.all(
      Array.from({ length: 4 }, () =>
        peer.sendInbound(hookUrl(twilioProvider), { sid: first.sid, from: '+4915112340005', to: '+4930901820', body: 'Einmal, bitte.' }),
      ),
    );
    expect([first, ...again].map((r) => r.httpStatus)).toEqual([200, 200, 200, 200, 200]);
    expect(await stored(first.sid)).toHaveLength(1);
    const fresh = Array.from({ length: 3 }, () =>
      peer.sendInbound(hookUrl(genericProvider), { via: 'generic', sid: 'gen-in-same', from: '+4915112340006', to: 'Jsonheim', body: 'x' }),
    );
    expect((await Promise.all(fresh)).map((r) => r.httpStatus)).toEqual([204, 204, 204]);
    expect(await stored('gen-in-same')).toHaveLength(1);
  });

  it('nothing is lost: 300 webhooks at once are each answered 2xx and each stored once', async () => {
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        peer.sendInbound(i % 2 ? hookUrl(twilioProvider) : hookUrl(genericProvider), {
          via: i % 2 ? 'twilio' : 'generic',
          from: `+49151200${String(i).padStart(5, '0')}`,
          to: '+4930901820',
          body: `Nachricht ${i}`,
        }),
      ),
    );
    expect(results.filter((r) => r.httpStatus !== 200 && r.httpStatus !== 204)).toEqual([]);
    const [{ n }] = await queryRows<{ n: number }>(
      t.deps.db.system,
      sql`select count(*)::int as n from inbound_messages where sender like '+49151200%' and raw->>'providerMessageId' = any(${sql.param(results.map((r) => r.sid))}::text[])`,
    );
    expect(n).toBe(300);
  });

  it('a provider without inbound settings, another kind or no provider at all answers 404', async () => {
    const none = await peer.sendInbound(hookUrl(receiptOnlyProvider), { via: 'generic', from: '+4915112340007', to: 'Jsonheim', body: 'x' });
    expect(none.httpStatus).toBe(404);
    expect(await stored(none.sid)).toEqual([]);
    expect((await t.app.inject({ method: 'POST', url: '/hooks/sms/not-a-provider/inbound', payload: 'x' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/hooks/sms/00000000-0000-4000-8000-000000000000/inbound', payload: 'x' })).statusCode).toBe(404);
  });
});
