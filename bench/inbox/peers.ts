// The peers of the inbox benchmark in their own process (so what they cost is not counted in Civicast's): two
// local SMSCs (one for Civicast, one for the bare acknowledging client that gives the physical limit) that send
// mobile-originated SMS as fast as the bound client answers, and an HTTP SMS provider's inbound webhooks, signed
// the way Twilio signs them, posted with concurrency. Every message carries its own number, so each is countable.
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { startSmsc } from '../../test/peers/smsc.ts';
import { startSmsHttpProvider } from '../../test/peers/sms-http-provider.ts';

const engineSmsc = await startSmsc({ systemId: 'civicast', password: 'secret' });
const limitSmsc = await startSmsc({ systemId: 'civicast', password: 'secret' });
const httpPeer = await startSmsHttpProvider({});

interface Blast {
  acked: number;
  refused: number;
  notFound: number;
  elapsedMs: number;
}

/** deliver_sm MO with `inflight` outstanding until the time is up; then waits for the answers still out. */
async function blastSmpp(which: 'engine' | 'limit', durationMs: number, inflight: number, prefix: number): Promise<Blast> {
  const smsc = which === 'engine' ? engineSmsc : limitSmsc;
  const out: Blast = { acked: 0, refused: 0, notFound: 0, elapsedMs: 0 };
  const start = Date.now();
  const end = start + durationMs;
  let n = 0;
  const lane = async () => {
    while (Date.now() < end) {
      const i = n++;
      // German mobile numbers, one per message: prefix 15x plus a running number
      const from = `491${prefix}${String(i).padStart(8, '0')}`;
      try {
        await smsc.sendMo(from, '4930123456', `Antwort ${i}: Danke für die Information.`);
        out.acked++;
      } catch {
        out.refused++;
      }
    }
  };
  await Promise.all(Array.from({ length: inflight }, lane));
  out.elapsedMs = Date.now() - start;
  return out;
}

/** Twilio's documented scheme: HMAC-SHA1 over the URL plus name+value of every parameter sorted by name. */
function sign(url: string, params: URLSearchParams): string {
  const sorted = [...params.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac('sha1', httpPeer.authToken)
    .update(url + sorted.map(([k, v]) => k + v).join(''))
    .digest('base64');
}

async function blastHttp(url: string, durationMs: number, concurrency: number, prefix: number): Promise<Blast> {
  const out: Blast = { acked: 0, refused: 0, notFound: 0, elapsedMs: 0 };
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const post = (params: URLSearchParams) =>
    new Promise<number>((resolve) => {
      const body = params.toString();
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-twilio-signature': sign(url, params) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(body);
    });
  const start = Date.now();
  const end = start + durationMs;
  let n = 0;
  const lane = async () => {
    while (Date.now() < end) {
      const i = n++;
      const params = new URLSearchParams({
        MessageSid: `SM${prefix}${String(i).padStart(30, '0')}`,
        AccountSid: httpPeer.accountSid,
        From: `+491${prefix}${String(i).padStart(8, '0')}`,
        To: '+4930123456',
        Body: `Antwort ${i}: Danke für die Information.`,
        NumMedia: '0',
      });
      const status = await post(params);
      if (status >= 200 && status < 300) out.acked++;
      else if (status === 404) {
        out.notFound++;
        return; // the route does not exist (yet): no point in hammering it
      } else out.refused++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  agent.destroy();
  out.elapsedMs = Date.now() - start;
  return out;
}

type Msg = { id: number; kind: string } & Record<string, unknown>;
process.on('message', (msg: Msg) => {
  const reply = (v: object) => process.send!({ id: msg.id, ...v });
  if (msg.kind === 'smpp') {
    void blastSmpp(msg.which as 'engine' | 'limit', msg.durationMs as number, msg.inflight as number, msg.prefix as number).then(reply);
  } else if (msg.kind === 'http') {
    void blastHttp(msg.url as string, msg.durationMs as number, msg.concurrency as number, msg.prefix as number).then(reply);
  } else if (msg.kind === 'rss') {
    reply({ rssMb: Math.round(process.memoryUsage().rss / 1e6) });
  } else if (msg.kind === 'close') {
    Promise.all([engineSmsc.close(), limitSmsc.close(), httpPeer.close()]).finally(() => process.exit(0));
  }
});

process.send!({
  ready: true,
  engineSmscPort: engineSmsc.port,
  limitSmscPort: limitSmsc.port,
  http: { baseUrl: httpPeer.baseUrl, accountSid: httpPeer.accountSid, authToken: httpPeer.authToken },
});
