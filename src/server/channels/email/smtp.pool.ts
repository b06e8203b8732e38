// A small pool of SMTP connections for mails that are already bytes. nodemailer's own transport builds a MIME tree and a
// stream pipeline around every mail, a raw one too: a pooled send cost about 200 µs of CPU, of which the connection
// itself needs about 70 µs. The connection stays nodemailer's SMTPConnection (PIPELINING, DSN, STARTTLS, AUTH, reply
// codes); only the pooling is ours.
import SMTPConnection, { type SMTPConnectionOptions, type SMTPEnvelope } from 'nodemailer/lib/smtp-connection';
import type { NodemailerError } from 'nodemailer';

export interface SmtpPoolOptions {
  connection: SMTPConnectionOptions;
  auth?: { user: string; pass: string };
  /** Connections open at most; every send beyond waits for one to be free. */
  maxConnections: number;
  /** How long a send waits for a busy connection before the pool opens another (default 5 ms). */
  growAfterMs?: number;
  /** Mails one connection carries before it is replaced: some servers cap a session (nodemailer's pool uses 100). */
  maxMessages?: number;
}

export interface SmtpPool {
  /** Sends one mail; rejects with nodemailer's error (code, responseCode, command) when the server or the path refused. */
  send(envelope: SMTPEnvelope, mail: Buffer): Promise<void>;
  /** Connections open or opening now. */
  size(): number;
  close(): void;
}

interface Slot {
  conn: SMTPConnection;
  messages: number;
  dead: boolean;
}

// errors that say the connection was gone before the server took anything of this mail
const BEFORE_ENVELOPE = new Set(['CONN', 'API']);
// Opening a connection (TCP, greeting, EHLO, later QUIT) cost about 1.2 ms of CPU on each side, a mail over an open one
// about 0.07 ms: when fifty towns warned at once, each pool opening all its connections for a first batch of ten
// mails cost more than the mails. So a pool grows one connection at a time, and only while sends wait.
const GROW_AFTER_MS = 5;

interface Waiter {
  resolve: (slot: Slot | null | 'grow') => void;
  timer?: NodeJS.Timeout;
}

export function createSmtpPool(opts: SmtpPoolOptions): SmtpPool {
  const maxMessages = opts.maxMessages ?? 100;
  const idle: Slot[] = [];
  const growAfterMs = opts.growAfterMs ?? GROW_AFTER_MS;
  const waiting: Waiter[] = [];
  let open = 0;
  let connecting = 0;
  let closed = false;

  function drop(slot: Slot) {
    if (slot.dead) return;
    slot.dead = true;
    open--;
    const at = idle.indexOf(slot);
    if (at >= 0) idle.splice(at, 1);
    slot.conn.close();
    // a waiter takes the freed place with a connection of its own
    serve(null);
  }

  /** Hands a free connection (or, with null, a free place) to the longest waiting send. */
  function serve(slot: Slot | null): boolean {
    const waiter = waiting.shift();
    if (!waiter) return false;
    clearTimeout(waiter.timer);
    waiter.resolve(slot);
    return true;
  }

  function connect(): Promise<Slot> {
    open++;
    connecting++;
    const conn = new SMTPConnection({ ...opts.connection, logger: false });
    const slot: Slot = { conn, messages: 0, dead: false };
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (err: unknown) => {
        if (!settled) connecting--;
        drop(slot);
        if (!settled) {
          settled = true;
          reject(err);
        }
      };
      const ready = () => {
        connecting--;
        settled = true;
        resolve(slot);
      };
      // after the handshake an error belongs to the send in flight (its callback gets it too) or to an idle connection
      conn.on('error', fail);
      conn.once('end', () => fail(Object.assign(new Error('Connection closed'), { code: 'ECONNECTION', command: 'CONN' })));
      conn.connect((err?: NodemailerError) => {
        if (err) return fail(err);
        if (!opts.auth) return ready();
        conn.login(opts.auth, (loginErr) => (loginErr ? fail(loginErr) : ready()));
      });
    });
  }

  async function acquire(): Promise<Slot> {
    for (;;) {
      if (closed) throw Object.assign(new Error('SMTP pool closed'), { code: 'ECONNECTION', command: 'API' });
      const slot = idle.pop();
      if (slot) return slot;
      if (open === 0) return connect();
      const got = await new Promise<Slot | null | 'grow'>((resolve) => {
        const waiter: Waiter = { resolve };
        waiting.push(waiter);
        if (open < opts.maxConnections) waiter.timer = setTimeout(() => grow(waiter), growAfterMs);
      });
      if (got === 'grow') return connect();
      if (got) return got;
      // a place freed by a connection that ended: its sends still wait, so its successor opens at once
      if (!closed && open < opts.maxConnections) return connect();
    }
  }

  /** A send has waited long enough: it opens a connection of its own, unless one is being opened already. */
  function grow(waiter: Waiter) {
    if (open >= opts.maxConnections || closed) return;
    if (connecting > 0) {
      waiter.timer = setTimeout(() => grow(waiter), growAfterMs);
      return;
    }
    const at = waiting.indexOf(waiter);
    if (at < 0) return;
    waiting.splice(at, 1);
    waiter.resolve('grow');
  }

  function release(slot: Slot) {
    if (slot.dead) return;
    if (closed || slot.messages >= maxMessages) {
      slot.conn.quit();
      drop(slot);
      return;
    }
    if (!serve(slot)) idle.push(slot);
  }

  function sendOn(slot: Slot, envelope: SMTPEnvelope, mail: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      slot.conn.send(envelope, mail, (err) => {
        slot.messages++;
        if (!err) {
          release(slot);
          return resolve();
        }
        // a refused recipient or content leaves the session usable once reset; anything else ends the connection
        if ((err.code === 'EENVELOPE' || err.code === 'EMESSAGE') && err.responseCode !== 421 && !slot.dead) {
          slot.conn.reset((resetErr) => (resetErr ? drop(slot) : release(slot)));
        } else drop(slot);
        reject(err);
      });
    });
  }

  return {
    async send(envelope, mail) {
      const slot = await acquire();
      const reused = slot.messages > 0;
      try {
        await sendOn(slot, envelope, mail);
      } catch (err) {
        // a kept connection the server had closed meanwhile (idle timeout): once more on a new one, nothing was sent
        const e = err as NodemailerError;
        if (!reused || e.responseCode !== undefined || !BEFORE_ENVELOPE.has(e.command ?? '')) throw err;
        await sendOn(await acquire(), envelope, mail);
      }
    },
    size: () => open,
    close() {
      closed = true;
      for (const slot of [...idle]) {
        slot.conn.quit();
        drop(slot);
      }
      while (serve(null));
    },
  };
}
