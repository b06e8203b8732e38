// The SMTP connection pool against a real smtp-server: connections are shared and capped, replaced after their quota,
// kept after a refused recipient, and a connection the server dropped costs no mail and sends none twice.
import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpPool, type SmtpPool } from './smtp.pool.ts';

interface Server {
  port: number;
  /** Mails accepted, by recipient. */
  received: Map<string, number>;
  connections: number;
  /** Open client sockets by the client's port. */
  sockets: Map<number, Socket>;
  close(): Promise<void>;
}

async function startServer(
  opts: {
    refuse?: string;
    /** Drops the connection without an answer to the n-th MAIL FROM (from 1). */
    dropMailFrom?: number;
    /** Answers each mail's DATA after this long, as a busy relay does. */
    answerAfterMs?: number;
  } = {},
) {
  const received = new Map<string, number>();
  const sockets = new Map<number, Socket>();
  let connections = 0;
  let mailFroms = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onConnect(_session, cb) {
      connections++;
      cb();
    },
    onMailFrom(_address, session, cb) {
      if (++mailFroms === opts.dropMailFrom) {
        sockets.get(session.remotePort)?.destroy();
        return;
      }
      cb();
    },
    onRcptTo(address, _session, cb) {
      if (address.address === opts.refuse) return cb(Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      stream.resume();
      stream.on('end', () => {
        for (const r of session.envelope.rcptTo) received.set(r.address, (received.get(r.address) ?? 0) + 1);
        setTimeout(cb, opts.answerAfterMs ?? 0);
      });
    },
  });
  server.server.on('connection', (socket: Socket) => {
    sockets.set(socket.remotePort!, socket);
    socket.on('close', () => sockets.delete(socket.remotePort!));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const s: Server = {
    port: (server.server.address() as AddressInfo).port,
    received,
    get connections() {
      return connections;
    },
    sockets,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return s;
}

const mail = (to: string) => Buffer.from(`From: rathaus@musterstadt.example\r\nTo: ${to}\r\nSubject: Test\r\n\r\nHallo.\r\n`);
const envelope = (to: string) => ({ from: 'bounces@civicast.example', to: [to] });

describe('SMTP connection pool', () => {
  let server: Server;
  let pool: SmtpPool;
  afterEach(async () => {
    pool?.close();
    await server?.close();
  });

  it('thirty sends at once to a slow server grow the pool to the allowed connections, and each mail arrives once', async () => {
    server = await startServer({ answerAfterMs: 30 });
    pool = createSmtpPool({ connection: { host: '127.0.0.1', port: server.port }, maxConnections: 3 });
    const to = Array.from({ length: 30 }, (_, i) => `r${i}@example.org`);
    await Promise.all(to.map((t) => pool.send(envelope(t), mail(t))));
    expect(server.connections).toBe(3);
    expect(server.received.size).toBe(30);
    expect([...server.received.values()].every((n) => n === 1)).toBe(true);
  });

  it('a burst that one connection serves quickly does not open every allowed connection', async () => {
    // each connection costs about 1.2 ms of CPU on either side, a mail over an open one about 0.07 ms
    server = await startServer();
    pool = createSmtpPool({ connection: { host: '127.0.0.1', port: server.port }, maxConnections: 10 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => pool.send(envelope(`s${i}@example.org`), mail(`s${i}@example.org`))));
    expect(server.connections).toBeLessThan(10);
    expect(server.received.size).toBe(10);
  });

  it('a pool that may not grow waits for its one connection', async () => {
    server = await startServer({ answerAfterMs: 10 });
    pool = createSmtpPool({ connection: { host: '127.0.0.1', port: server.port }, maxConnections: 1 });
    await Promise.all(Array.from({ length: 5 }, (_, i) => pool.send(envelope(`w${i}@example.org`), mail(`w${i}@example.org`))));
    expect(server.connections).toBe(1);
    expect(server.received.size).toBe(5);
  });

  it('a connection is replaced after its quota of mails', async () => {
    server = await startServer();
    pool = createSmtpPool({ connection: { host: '127.0.0.1', port: server.port }, maxConnections: 1, maxMessages: 5 });
    for (let i = 0; i < 12; i++) await pool.send(envelope(`q${i}@example.org`), mail(`q${i}@example.org`));
    expect(server.connections).toBe(3);
    expect(server.received.size).toBe(12);
  });

  it("a refused recipient fails with the server's answer and the connection goes on to the next mail", async () => {
    server = await startServer({ refuse: 'nobody@example.org' });
    pool = createSmtpPool({ connection: { host: '127.0.0.1', port: server.port }, maxConnections: 1 });
    await expect(pool.send(envelope('nobody@example.org'), mail('nobody@example.org'))).rejects.toMatchObject({ responseCode: 550, command: 'RCPT TO' });
    await pool.send(envelope('somebody@example.org'), mail('somebody@example.org'));
    expect(server.connections).toBe(1);
    expect(server.received.get('somebody@example.org')).toBe(1);
  });

  it('a kept connection the server has closed is not used again', async () => {
    server = await startServer();
    pool = createSmtpPool({ connection: { host: '127.0.0.1', port: server.port }, maxConnections: 1 });
    await pool.send(envelope('a@example.org'), mail('a@example.org'));
    for (const socket of server.sockets.values()) socket.end();
    await expect.poll(() => pool.size()).toBe(0);
    await pool.send(envelope('b@example.org'), mail('b@example.org'));
    expect(server.connections).toBe(2);
    expect(Object.fromEntries(server.received)).toEqual({ 'a@example.org': 1, 'b@example.org': 1 });
  });

  it('a kept connection that drops before the envelope is accepted sends the mail once on a new connection', async () => {
    // the second mail on the first connection finds it gone at MAIL FROM: the race of an idle timeout
    server = await startServer({ dropMailFrom: 2 });
    pool = createSmtpPool({ connection: { host: '127.0.0.1', port: server.port }, maxConnections: 1 });
    await pool.send(envelope('first@example.org'), mail('first@example.org'));
    await pool.send(envelope('second@example.org'), mail('second@example.org'));
    expect(server.connections).toBe(2);
    expect(Object.fromEntries(server.received)).toEqual({ 'first@example.org': 1, 'second@example.org': 1 });
  });

  it('a server that is down rejects with a connection error and leaves no connection behind', async () => {
    server = await startServer();
    await server.close();
    pool = createSmtpPool({ connection: { host: '127.0.0.1', port: server.port }, maxConnections: 2 });
    await expect(pool.send(envelope('x@example.org'), mail('x@example.org'))).rejects.toMatchObject({ code: expect.stringMatching(/^E(CONNECTION|SOCKET)$/) });
    expect(pool.size()).toBe(0);
  });
});
