// Art. 17 end to end: a resident entered by staff signs in on the portal (SMS codes), staff look them up by phone and
// e-mail, then erase them. Afterwards no table and no line of the server's log holds the number, the addresses or the
// name, nor the keyed hash that names the number in code rows.
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInbound } from '../src/server/modules/inbox/index.ts';
import { lookupHash } from '../src/server/modules/residents/index.ts';
import { queryRows } from '../src/server/platform/db/client.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { codeFrom, portalBrowser } from './helpers/portal.ts';
import { threadAll } from './helpers/inbox.ts';

let t: TestApp;
const logLines: string[] = [];
const api = '/api/v1/tenants/musterstadt';

beforeAll(async () => {
  // the server's default level (LOG_LEVEL=info), as an operator runs it
  const stream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  t = await createTestApp({ work: true, log: { level: 'info', stream } });
});
afterAll(async () => {
  await t.close();
});

const PHONE = '+491705558800';
const person = { phone: '0170 5558800', email: 'hedwig.hausmann@example.org', name: 'Hedwig Hausmann', street: 'Lindenallee', houseNumber: '47b' };

async function tablesHolding(needle: string): Promise<string[]> {
  const tables = (await t.deps.db.system.execute(
    sql`select table_schema, table_name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'`,
  )) as unknown as { rows: { table_schema: string; table_name: string }[] };
  const found: string[] = [];
  for (const { table_schema, table_name } of tables.rows) {
    const res = (await t.deps.db.system.execute(
      sql`select count(*)::int as n from ${sql.identifier(table_schema)}.${sql.identifier(table_name)} x where x::text ilike ${`%${needle}%`}`,
    )) as unknown as {
      rows: { n: number }[];
    };
    if (res.rows[0].n > 0) found.push(`${table_schema}.${table_name}`);
  }
  return found;
}

describe('erasure leaves nothing behind', () => {
  it('after an erasure, neither the database nor the log holds the number, the address or the name', async () => {
    const owner = await t.loginOwner();
    const created = await t.as(owner, {
      method: 'POST',
      url: `${api}/residents`,
      payload: {
        phone: person.phone,
        email: person.email,
        name: person.name,
        topics: ['abfall'],
        channels: ['sms', 'email'],
        consentProof: 'Formular vom Bürgerbüro',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const residentId = created.json().id as string;

    // the resident signs in with an SMS code and types an address: code rows and a follow with the address
    const b = portalBrowser(t, '203.0.113.80');
    expect((await b.post('/m/musterstadt/login', { phone: person.phone, website: '' })).headers.location).toBe('/m/musterstadt/login/code');
    expect((await b.post('/m/musterstadt/login/code', { code: await codeFrom(t, PHONE) })).headers.location).toBe('/m/musterstadt/settings');
    const saved = await b.post('/m/musterstadt/settings', {
      channels: ['sms', 'email'],
      email: person.email,
      topics: ['abfall'],
      street: person.street,
      houseNumber: person.houseNumber,
      language: 'de',
    });
    expect(saved.statusCode).toBe(303);

    // the resident writes to the town hall: an SMS from their number, a portal contact form with a photo, and an
    // e-mail from their address that arrived before they registered (known only by its hash); staff note on one
    const sms = await queryRows<{ id: string }>(
      t.deps.db.system,
      sql`insert into inbound_messages (tenant_id, channel, sender, recipient, text, received_at)
          values (${t.tenant.id}, 'sms', ${PHONE}, '+4930000', 'Schlagloch Lindenallee vor 47b', now()) returning id`,
    );
    expect(sms).toHaveLength(1);
    await t.deps.db.system.execute(
      sql`insert into inbound_messages (tenant_id, channel, sender, recipient, subject, text, received_at)
          values (${t.tenant.id}, 'email', ${person.email}, 'reply@civicast.localhost', 'Laterne defekt', 'Die Laterne am Kirchplatz flackert', now())`,
    );
    await recordInbound(t.deps, {
      tenantId: t.tenant.id,
      channel: 'portal',
      sender: `resident:${residentId}`,
      residentId,
      name: person.name,
      subject: 'Sperrmüll',
      text: 'Sperrmülltermin für Hausmann bitte',
      attachments: [{ fileName: 'sperrmuell-hausmann.jpg', contentType: 'image/jpeg', content: Buffer.from([0xff, 0xd8, 0xff, 0xe0]) }],
    });
    await threadAll(t.deps);
    const convs = await queryRows<{ id: string }>(t.deps.db.system, sql`select id from conversations where tenant_id = ${t.tenant.id}`);
    expect(convs.length).toBeGreaterThanOrEqual(2);
    const convIds = convs.map((c) => c.id);
    const colleague = await t.createStaff(t.tenant, 'kollege@musterstadt.test', 'agent');
    const noted = await t.as(owner, {
      method: 'POST',
      url: `${api}/inbox/conversations/${convIds[0]}/notes`,
      payload: { body: '@kollege Bauhof informieren', mentions: [colleague] },
    });
    expect(noted.statusCode, noted.body).toBe(201);
    const [{ n: notices }] = await queryRows<{ n: number }>(t.deps.db.system, sql`select count(*)::int as n from staff_notifications`);
    expect(notices).toBeGreaterThan(0);

    // staff look the resident up by phone and by e-mail, and open the record
    for (const q of [person.phone, PHONE, person.email]) {
      const found = await t.as(owner, { method: 'GET', url: `${api}/residents?q=${encodeURIComponent(q)}` });
      expect(found.json().items.map((r: { id: string }) => r.id)).toEqual([residentId]);
    }
    expect((await t.as(owner, { method: 'GET', url: `${api}/residents/${residentId}` })).statusCode).toBe(200);
    const phoneHash = lookupHash(t.deps.config.secretKey, 'phone', PHONE);
    expect(await tablesHolding(phoneHash)).toContain('public.verification_codes'); // the code rows name the number

    expect((await t.as(owner, { method: 'DELETE', url: `${api}/residents/${residentId}` })).statusCode).toBe(204);

    // nothing of their inbox remains: no conversation, entry, attachment, notification or inbound message
    const ids = sql.param(convIds);
    for (const table of ['conversations', 'conversation_items', 'conversation_attachments', 'staff_notifications', 'inbound_messages']) {
      const column = table === 'conversations' ? sql`id` : sql`conversation_id`;
      const [{ n }] = await queryRows<{ n: number }>(
        t.deps.db.system,
        sql`select count(*)::int as n from ${sql.identifier(table)} where ${column} = any(${ids}::uuid[])`,
      );
      expect(n, table).toBe(0);
    }
    const [{ n: inbound }] = await queryRows<{ n: number }>(
      t.deps.db.system,
      sql`select count(*)::int as n from inbound_messages where tenant_id = ${t.tenant.id}`,
    );
    expect(inbound).toBe(0);
    const [{ n: attachments }] = await queryRows<{ n: number }>(t.deps.db.system, sql`select count(*)::int as n from conversation_attachments`);
    expect(attachments).toBe(0);

    const needles = ['1705558800', person.email, person.name, 'Hausmann', person.street, phoneHash, 'Schlagloch', 'Kirchplatz', 'Sperrmüll'];
    for (const needle of needles) expect(await tablesHolding(needle), `${needle} in the database`).toEqual([]);
    expect(logLines.length).toBeGreaterThan(0); // the log was written, at the default level
    const log = logLines.join('');
    const decoded = decodeURIComponent(log.replace(/%(?![0-9a-fA-F]{2})/g, '%25'));
    for (const needle of [...needles, 'hedwig.hausmann%40example.org']) {
      expect(log.includes(needle) || decoded.includes(needle), `${needle} in the log`).toBe(false);
    }
  });
});
