// A child process that runs the local peers (SMSC, SMTP server, push service) for the fan-out benchmark and
// the crash test, so what they cost is not counted in Civicast's process. It answers requests over IPC.
import { startPushReceiver } from './push-receiver.ts';
import { startSmsc } from './smsc.ts';
import { startSmtpSink } from './smtp-sink.ts';

const smsc = await startSmsc({ systemId: 'civicast', password: 'secret' });
const smtp = await startSmtpSink({ parse: false });
const push = await startPushReceiver({});

type Channel = 'sms' | 'email' | 'push';
const maps: Record<Channel, Map<string, number>> = { sms: smsc.byDestination, email: smtp.countByRecipient, push: push.countByEndpoint };
const seen: Record<Channel, { first: number | null; last: number | null; total: number }> = {
  sms: { first: null, last: null, total: 0 },
  email: { first: null, last: null, total: 0 },
  push: { first: null, last: null, total: 0 },
};

// hand-off times at 10 ms resolution: the moment a channel's total last grew
const totalOf = (m: Map<string, number>) => {
  let n = 0;
  for (const v of m.values()) n += v;
  return n;
};
setInterval(() => {
  const now = Date.now();
  for (const c of Object.keys(maps) as Channel[]) {
    const total = c === 'sms' ? smsc.messages.length : c === 'email' ? smtp.received : push.received.length;
    if (total > seen[c].total) {
      seen[c].first ??= now;
      seen[c].last = now;
      seen[c].total = total;
    }
  }
}, 10).unref();

function counts() {
  const out: Record<string, unknown> = {};
  for (const c of Object.keys(maps) as Channel[]) {
    let distinct = 0;
    let duplicates = 0;
    for (const v of maps[c].values()) {
      distinct++;
      duplicates += v - 1;
    }
    out[c] = { distinct, duplicates, total: totalOf(maps[c]), first: seen[c].first, last: seen[c].last };
  }
  return out;
}

process.on('message', (msg: { id: number; kind: string; n?: number }) => {
  if (msg.kind === 'subscriptions') {
    const subs = Array.from({ length: msg.n ?? 0 }, () => {
      const s = push.newSubscription();
      return { endpoint: s.endpoint, keys: s.keys };
    });
    process.send!({ id: msg.id, subs });
  } else if (msg.kind === 'counts') {
    process.send!({ id: msg.id, counts: counts(), rssMb: Math.round(process.memoryUsage().rss / 1e6) });
  } else if (msg.kind === 'close') {
    Promise.all([smsc.close(), smtp.close(), push.close()]).finally(() => process.exit(0));
  }
});

process.send!({ ready: true, smscPort: smsc.port, smtpPort: smtp.port, pushPort: push.port });
