// A minimal IMAP4rev1 server (RFC 3501) with one mailbox, INBOX, for the IMAP poller's tests. There is no maintained
// IMAP server on npm, so this speaks just the documented subset imapflow uses to read a mailbox: CAPABILITY, LOGIN,
// LIST (for the hierarchy delimiter), SELECT/EXAMINE, UID SEARCH UNSEEN, UID FETCH (UID FLAGS RFC822.SIZE BODY.PEEK[]
// BODY[] RFC822), UID STORE +FLAGS (\Seen), NOOP, CLOSE, LOGOUT. Literals from the client are accepted after a "+"
// continuation. Written from the RFC, not from another server's code.
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ImapTestMessage {
  uid: number;
  raw: Buffer;
  seen: boolean;
}

export interface ImapServerOptions {
  user: string;
  password: string;
  /** Answer UID STORE with NO (a mailbox that will not keep flags), to test that nothing is lost. */
  refuseStore?: boolean;
}

export interface ImapTestServer {
  port: number;
  uidValidity: number;
  messages: ImapTestMessage[];
  /** Every command line the clients sent (LOGIN arguments masked). */
  commands: string[];
  /** Puts a message into INBOX, unseen; returns its UID. */
  deliver(raw: string | Buffer): number;
  setRefuseStore(refuse: boolean): void;
  close(): Promise<void>;
}

/** Splits command arguments: atoms, "quoted strings" with \-escapes, and parenthesised lists kept as text. */
function tokens(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') {
      i++;
      continue;
    }
    if (text[i] === '"') {
      let value = '';
      for (i++; i < text.length && text[i] !== '"'; i++) value += text[i] === '\\' ? text[++i] : text[i];
      out.push(value);
      i++;
    } else if (text[i] === '(') {
      const end = text.indexOf(')', i);
      out.push(text.slice(i, end < 0 ? text.length : end + 1));
      i = end < 0 ? text.length : end + 1;
    } else {
      const end = text.indexOf(' ', i);
      out.push(text.slice(i, end < 0 ? text.length : end));
      i = end < 0 ? text.length : end;
    }
  }
  return out;
}

/** A sequence set ("1:3,7,9:*") as a test for UIDs. */
function inSet(set: string, max: number): (n: number) => boolean {
  const ranges = set.split(',').map((part) => {
    const [a, b = a] = part.split(':').map((x) => (x === '*' ? max : Number(x)));
    return [Math.min(a, b), Math.max(a, b)] as const;
  });
  return (n) => ranges.some(([lo, hi]) => n >= lo && n <= hi);
}

export async function startImapServer(opts: ImapServerOptions): Promise<ImapTestServer> {
  const messages: ImapTestMessage[] = [];
  const commands: string[] = [];
  const uidValidity = Math.floor(Date.now() / 1000);
  const sockets = new Set<Socket>();
  let nextUid = 1;
  let refuseStore = opts.refuseStore ?? false;

  function session(socket: Socket) {
    let state: 'new' | 'auth' | 'selected' = 'new';
    let pending = Buffer.alloc(0);
    let line = '';
    let literal = 0;
    const send = (text: string | Buffer) => socket.write(text);
    send('* OK [CAPABILITY IMAP4rev1] civicast test IMAP ready\r\n');

    const maxUid = () => messages.at(-1)?.uid ?? 0;
    const seq = (m: ImapTestMessage) => messages.indexOf(m) + 1;

    function fetch(tag: string, set: string, items: string) {
      const want = items.toUpperCase();
      const match = inSet(set, maxUid());
      for (const m of messages.filter((x) => match(x.uid))) {
        const parts: (string | Buffer)[] = [`* ${seq(m)} FETCH (UID ${m.uid}`];
        if (want.includes('FLAGS')) parts.push(` FLAGS (${m.seen ? '\\Seen' : ''})`);
        if (want.includes('RFC822.SIZE')) parts.push(` RFC822.SIZE ${m.raw.length}`);
        const body = /BODY\.PEEK\[\]|BODY\[\]/.test(want) ? 'BODY[]' : /\bRFC822\b(?!\.)/.test(want) ? 'RFC822' : null;
        if (body) parts.push(` ${body} {${m.raw.length}}\r\n`, m.raw);
        // BODY[] and RFC822 without PEEK set \Seen (RFC 3501 6.4.5)
        if (body && !want.includes('PEEK')) m.seen = true;
        parts.push(')\r\n');
        send(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))));
      }
      send(`${tag} OK UID FETCH completed\r\n`);
    }

    function store(tag: string, set: string, op: string, flags: string) {
      if (refuseStore) return send(`${tag} NO [CANNOT] flags are not kept here\r\n`);
      const match = inSet(set, maxUid());
      const silent = op.toUpperCase().endsWith('.SILENT');
      for (const m of messages.filter((x) => match(x.uid))) {
        if (/\\Seen/i.test(flags)) m.seen = !op.startsWith('-');
        if (!silent) send(`* ${seq(m)} FETCH (UID ${m.uid} FLAGS (${m.seen ? '\\Seen' : ''}))\r\n`);
      }
      send(`${tag} OK UID STORE completed\r\n`);
    }

    function handle(text: string) {
      const [tag, rawCommand = '', ...rest] = tokens(text);
      const command = rawCommand.toUpperCase();
      commands.push(command === 'LOGIN' ? `${tag} LOGIN ***` : text.slice(0, 200));
      if (command === 'CAPABILITY') return send(`* CAPABILITY IMAP4rev1\r\n${tag} OK CAPABILITY completed\r\n`);
      if (command === 'NOOP') return send(`${tag} OK NOOP completed\r\n`);
      if (command === 'LOGOUT') {
        send(`* BYE logging out\r\n${tag} OK LOGOUT completed\r\n`);
        return socket.end();
      }
      if (command === 'LOGIN') {
        if (rest[0] === opts.user && rest[1] === opts.password) {
          state = 'auth';
          return send(`${tag} OK [CAPABILITY IMAP4rev1] LOGIN completed\r\n`);
        }
        return send(`${tag} NO [AUTHENTICATIONFAILED] Invalid credentials\r\n`);
      }
      if (state === 'new') return send(`${tag} BAD log in first\r\n`);
      if (command === 'LIST') {
        if (rest[1] === '') return send(`* LIST (\\Noselect) "/" ""\r\n${tag} OK LIST completed\r\n`);
        return send(`* LIST (\\HasNoChildren) "/" INBOX\r\n${tag} OK LIST completed\r\n`);
      }
      if (command === 'SELECT' || command === 'EXAMINE') {
        if (rest[0]?.toUpperCase() !== 'INBOX') return send(`${tag} NO [NONEXISTENT] no such mailbox\r\n`);
        state = 'selected';
        const unseen = messages.find((m) => !m.seen);
        send(
          [
            '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)',
            '* OK [PERMANENTFLAGS (\\Seen)] flags kept',
            `* ${messages.length} EXISTS`,
            '* 0 RECENT',
            ...(unseen ? [`* OK [UNSEEN ${seq(unseen)}] first unseen`] : []),
            `* OK [UIDVALIDITY ${uidValidity}] UIDs valid`,
            `* OK [UIDNEXT ${nextUid}] predicted next UID`,
            `${tag} OK [${command === 'SELECT' ? 'READ-WRITE' : 'READ-ONLY'}] ${command} completed`,
            '',
          ].join('\r\n'),
        );
        return;
      }
      if (command === 'CLOSE' || command === 'UNSELECT') {
        state = 'auth';
        return send(`${tag} OK ${command} completed\r\n`);
      }
      if (state !== 'selected') return send(`${tag} BAD select a mailbox first\r\n`);
      if (command === 'UID') {
        const sub = rest[0]?.toUpperCase();
        if (sub === 'SEARCH') {
          const query = rest.slice(1).join(' ').toUpperCase();
          const hits = /UNSEEN|NOT SEEN/.test(query) ? messages.filter((m) => !m.seen) : messages;
          return send(`* SEARCH${hits.map((m) => ` ${m.uid}`).join('')}\r\n${tag} OK UID SEARCH completed\r\n`);
        }
        if (sub === 'FETCH') return fetch(tag, rest[1] ?? '', rest.slice(2).join(' '));
        if (sub === 'STORE') return store(tag, rest[1] ?? '', rest[2] ?? '', rest.slice(3).join(' '));
      }
      send(`${tag} BAD ${command || 'empty command'} is not supported by this test server\r\n`);
    }

    const quoted = (bytes: Buffer) => `"${bytes.toString('utf8').replace(/["\\]/g, '\\$&')}"`;
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        if (literal > 0) {
          // the literal's bytes become one quoted argument, and the command line goes on after them
          if (pending.length < literal) return;
          line += quoted(pending.subarray(0, literal));
          pending = pending.subarray(literal);
          literal = 0;
          continue;
        }
        const end = pending.indexOf('\r\n');
        if (end < 0) return;
        line += pending.subarray(0, end).toString('utf8');
        pending = pending.subarray(end + 2);
        const lit = /\{(\d+)(\+?)\}$/.exec(line);
        if (lit) {
          line = line.slice(0, lit.index);
          literal = Number(lit[1]);
          if (!lit[2]) send('+ go ahead\r\n');
          if (literal === 0) line += '""';
          continue;
        }
        const complete = line;
        line = '';
        if (complete.trim()) handle(complete);
      }
    });
  }

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    session(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as AddressInfo).port,
    uidValidity,
    messages,
    commands,
    deliver(raw) {
      const uid = nextUid++;
      messages.push({ uid, raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw), seen: false });
      return uid;
    },
    setRefuseStore(refuse) {
      refuseStore = refuse;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
