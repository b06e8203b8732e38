import { startPushReceiver } from './test/peers/push-receiver.ts';
import { createPushSender, generateVapidKeys } from './src/server/channels/push/index.ts';
import { createLogger } from './src/server/platform/logger.ts';
const r = await startPushReceiver();
const s = createPushSender({ providerId: 'p', vapid: { subject: 'mailto:a@b.de', ...generateVapidKeys() }, events: {} as any, log: createLogger('silent') });
const subs = Array.from({ length: 1000 }, () => r.newSubscription());
const msg = (i: number) => ({ deliveryId: String(i), tenantId: 't', channel: 'push' as const, to: subs[i % 1000], text: 'Hallo', subject: 'Info', url: 'https://x.example/a' });
for (const N of [500, 2000, 5000]) {
  const t = performance.now();
  const res = await Promise.all(Array.from({ length: N }, (_, i) => s.send(msg(i))));
  const ms = performance.now() - t;
  console.log({ N, ms: Math.round(ms), perSec: Math.round(N / ms * 1000), maxInFlight: r.maxInFlight, bad: res.filter(x=>!x.ok).slice(0,2) });
}
// engine-like: 50 workers pulling
let next = 0; const N = 5000; const t = performance.now();
await Promise.all(Array.from({ length: 50 }, async () => { while (next < N) await s.send(msg(next++)); }));
console.log('workers', Math.round(N / (performance.now() - t) * 1000));
await s.close(); await r.close();
