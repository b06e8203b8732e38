import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwnerApp, type Session, type TestApp } from '../../../../test/helpers/app.ts';
import { addProvider } from '../../../../test/helpers/delivery.ts';

let t: TestApp;
let owner: Session;
const url = (path = '') => `/api/v1/tenants/musterstadt/providers${path}`;
type Listed = { id: string; channel: string; kind: string; installation: boolean; inUse: boolean; receiptUrl: string | null };
const list = async () => (await t.as(owner, { method: 'GET', url: url() })).json().items as Listed[];
const devOutbox = (items: Listed[], channel: string) => items.find((p) => p.installation && p.kind === 'dev-outbox' && p.channel === channel)!;

beforeAll(async () => {
  ({ t, owner } = await createOwnerApp());
});
afterAll(() => t.close());

describe('the channels page tells the truth', () => {
  it('the dev outbox is in use while the municipality has no provider of its own, and unused once it has one on that channel', async () => {
    expect(devOutbox(await list(), 'sms')).toMatchObject({ inUse: true, receiptUrl: null });
    const id = await addProvider(t, owner, {
      channel: 'sms',
      kind: 'sms-http',
      name: 'SMS-Dienst',
      config: { mapping: 'twilio', baseUrl: 'https://sms.example.invalid', accountId: 'AC1', from: 'Musterstadt' },
      secrets: { authToken: 'x' },
    });
    const items = await list();
    expect(devOutbox(items, 'sms').inUse).toBe(false);
    expect(devOutbox(items, 'email').inUse).toBe(true);
    // the HTTP SMS provider's receipt webhook, ready to paste into the provider's status callback setting
    expect(items.find((p) => p.id === id)).toMatchObject({ inUse: true, receiptUrl: `${t.deps.config.publicUrl}/hooks/sms/${id}` });

    // a switched-off provider of its own carries nothing: the installation's dev outbox is back in use
    expect((await t.as(owner, { method: 'PATCH', url: url(`/${id}`), payload: { enabled: false } })).statusCode).toBe(200);
    const after = await list();
    expect(devOutbox(after, 'sms').inUse).toBe(true);
    expect(after.find((p) => p.id === id)?.inUse).toBe(false);
  });
});
