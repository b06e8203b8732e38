// The peers of the inbox benchmark in their own process (so what they cost is not counted in Civicast's): two
// local SMSCs (one for Civicast, one for the bare acknowledging client that gives the physical limit) that send
// mobile-originated SMS as fast as the bound client answers, and the HTTP SMS provider peer, which posts its inbound
// webhooks signed the way Twilio signs them, with concurrency. Every message carries its own number, so each is countable.
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

/** The HTTP SMS peer posts its signed inbound webhooks (Twilio's form and signature), `concurrency` at a time. */
async function blastHttp(url: string, durationMs: number, concurrency: number, prefix: number): Promise<Blast> {
  const out: Blast = { acked: 0, refused: 0, notFound: 0, elapsedMs: 0 };
  const start = Date.now();
  const end = start + durationMs;
  let n = 0;
  const lane = async () => {
    while (Date.now() < end) {
      const i = n++;
      const { httpStatus } = await httpPeer.sendInbound(url, {
        via: 'twilio',
        sid: `SM${prefix}${String(i).padStart(30, '0')}`,
        from: `+491${prefix}${String(i).padStart(8, '0')}`,
        to: '+4930123456',
        body: `Antwort ${i}: Danke für die Information.`,
      });
      if (typeof httpStatus === 'number' && httpStatus >= 200 && httpStatus < 300) out.acked++;
      else if (httpStatus === 404) {
        out.notFound++;
        return; // the route does not exist (yet): no point in hammering it
      } else out.refused++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  httpPeer.inbound.length = 0; // the peer keeps every answer; the counts above are all the bench needs
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
