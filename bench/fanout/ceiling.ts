// The ceiling for bench:fanout: a minimal client with no database and no engine that sends the same split of
// messages over the same protocols to the same peers, as fast as they take them. Run as a child process
// (`fork`) after the engine's run, so the engine's figures are not disturbed and its figure is its own.
// It answers over IPC with how long the last acknowledgement took and how many messages were refused.
import http from 'node:http';
import net from 'node:net';
import pLimit from 'p-limit';
import smpp from 'smpp';
import webpush from 'web-push';

export interface CeilingJob {
  smscPort: number;
  smtpPort: number;
  split: { sms: number; email: number; push: number };
  subscriptions: Array<{ endpoint: string; keys: { p256dh: string; auth: string } }>;
  /** The same connection counts the engine's providers are given. */
  smppWindow: number;
  smtpConnections: number;
  pushConcurrency: number;
}

export interface CeilingResult {
  ceilingMs: number;
  refused: number;
  cpuMs: number;
}

const TEXT = 'Die Stadtverwaltung informiert: Am Samstag ist das Rathaus geschlossen.';

async function sendSms(job: CeilingJob): Promise<number> {
  const session = smpp.connect({ host: '127.0.0.1', port: job.smscPort });
  session.on('deliver_sm', (pdu) => session.send(pdu.response()));
  await new Promise<void>((resolve, reject) => {
    session.on('connect', () =>
      session.send(new smpp.PDU('bind_transceiver', { system_id: 'civicast', password: 'secret', interface_version: 0x34 }), (r) =>
        r.command_status === 0 ? resolve() : reject(new Error(`bind ${r.command_status}`)),
      ),
    );
  });
  let refused = 0;
  const limit = pLimit(job.smppWindow);
  const body = Buffer.from(TEXT, 'latin1');
  await Promise.all(
    Array.from({ length: job.split.sms }, (_, i) =>
      limit(
        () =>
          new Promise<void>((resolve) => {
            const pdu = new smpp.PDU('submit_sm', {
              source_addr_ton: 5,
              source_addr: 'Musterstadt',
              dest_addr_ton: 1,
              dest_addr_npi: 1,
              destination_addr: `4917${String(10_000_000 + i).padStart(8, '0')}`,
              registered_delivery: 1,
              short_message: body,
            });
            session.send(pdu, (r) => {
              if (r.command_status !== 0) refused++;
              resolve();
            });
          }),
      ),
    ),
  );
  session.close();
  return refused;
}

/** One SMTP connection that sends its share one message after another (MAIL, RCPT, DATA), as nodemailer's pool does. */
async function smtpConnection(port: number, addresses: number[]): Promise<number> {
  const socket = net.connect(port, '127.0.0.1');
  let buffered = '';
  let waiting: ((line: string) => void) | null = null;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    // a reply is complete when its last line has a space after the code ("250 ok", not "250-SIZE")
    for (;;) {
      const end = buffered.indexOf('\r\n');
      if (end < 0) return;
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (line[3] !== '-' && waiting) {
        const w = waiting;
        waiting = null;
        w(line);
      }
    }
  });
  const reply = () => new Promise<string>((r) => (waiting = r));
  const command = (text: string) => {
    const p = reply();
    socket.write(text);
    return p;
  };
  await reply(); // greeting
  await command('EHLO ceiling.local\r\n');
  let refused = 0;
  for (const i of addresses) {
    const to = `resident${i}@example.org`;
    await command('MAIL FROM:<bounce@civicast.local>\r\n');
    if (!(await command(`RCPT TO:<${to}>\r\n`)).startsWith('250')) {
      refused++;
      await command('RSET\r\n');
      continue;
    }
    await command('DATA\r\n');
    const mail = [
      'From: "Musterstadt" <noreply@civicast.local>',
      `To: ${to}`,
      'Subject: Bekanntmachung',
      `Message-ID: <ceiling-${i}@civicast.local>`,
      `Reply-To: reply+ceiling${i}@civicast.local`,
      `List-Unsubscribe: <http://localhost/m/musterstadt/unsubscribe?t=ceiling${i}>`,
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      'Precedence: bulk',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 7bit',
      '',
      TEXT,
      '.',
      '',
    ].join('\r\n');
    if (!(await command(mail)).startsWith('250')) refused++;
  }
  await command('QUIT\r\n');
  socket.destroy();
  return refused;
}

async function sendEmail(job: CeilingJob): Promise<number> {
  const shares: number[][] = Array.from({ length: job.smtpConnections }, () => []);
  for (let i = 0; i < job.split.email; i++) shares[i % job.smtpConnections]!.push(i);
  const refused = await Promise.all(shares.map((share) => smtpConnection(job.smtpPort, share)));
  return refused.reduce((a, b) => a + b, 0);
}

async function sendPush(job: CeilingJob): Promise<number> {
  const vapid = webpush.generateVAPIDKeys();
  const origin = new URL(job.subscriptions[0]?.endpoint ?? 'http://127.0.0.1').origin;
  const { Authorization } = webpush.getVapidHeaders(origin, 'mailto:ops@civicast.test', vapid.publicKey, vapid.privateKey, 'aes128gcm') as {
    Authorization: string;
  };
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.pushConcurrency });
  const limit = pLimit(job.pushConcurrency);
  let refused = 0;
  await Promise.all(
    job.subscriptions.map((sub, i) =>
      limit(async () => {
        const payload = JSON.stringify({ title: 'Bekanntmachung', body: TEXT, url: 'http://localhost/m/musterstadt/', id: `ceiling-${i}` });
        const request = webpush.generateRequestDetails(sub, payload, { TTL: 86_400, urgency: 'normal' });
        const headers: Record<string, string> = { Authorization };
        for (const [k, v] of Object.entries(request.headers)) headers[k] = String(v);
        const post = (mayRetry: boolean): Promise<number> =>
          new Promise<number>((resolve, reject) => {
            const req = http.request(sub.endpoint, { method: 'POST', headers, agent }, (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            });
            // the service closed an idle kept-alive socket just as it was reused: nothing was delivered, send again
            req.on('error', (err: NodeJS.ErrnoException) => (mayRetry && req.reusedSocket && err.code === 'ECONNRESET' ? resolve(post(false)) : reject(err)));
            req.end(request.body);
          });
        const status = await post(true);
        if (status !== 201) refused++;
      }),
    ),
  );
  agent.destroy();
  return refused;
}

process.once('message', async (job: CeilingJob) => {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const refused = await Promise.all([sendSms(job), sendEmail(job), sendPush(job)]);
  const ceilingMs = Math.round(performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  const result: CeilingResult = { ceilingMs, refused: refused.reduce((a, b) => a + b, 0), cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
  process.send!(result, () => process.exit(0));
});
