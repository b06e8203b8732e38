// Starts the local peers (SMSC, SMTP server, push service) in a child process (peers-host.ts) and talks to it; used by
// the crash test and the fan-out benchmark, so what the peers cost is not counted in Civicast's process.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ChannelCount {
  distinct: number;
  duplicates: number;
  total: number;
  first: number | null;
  last: number | null;
}
export type PeerCounts = Record<'sms' | 'email' | 'push', ChannelCount>;

export interface Peers {
  smscPort: number;
  smtpPort: number;
  pushPort: number;
  subscriptions(n: number): Promise<Array<{ endpoint: string; keys: { p256dh: string; auth: string } }>>;
  counts(): Promise<{ counts: PeerCounts; rssMb: number }>;
  close(): Promise<void>;
}

export async function startPeers(): Promise<Peers> {
  const host = path.join(path.dirname(fileURLToPath(import.meta.url)), 'peers-host.ts');
  const child = fork(host, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 1;
  const waiting = new Map<number, (v: unknown) => void>();
  const ready = new Promise<{ smscPort: number; smtpPort: number; pushPort: number }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`peers host exited with ${code}`)));
    child.on('message', (m: { ready?: boolean; id?: number } & Record<string, unknown>) => {
      if (m.ready) resolve(m as never);
      else if (m.id && waiting.has(m.id)) {
        waiting.get(m.id)!(m);
        waiting.delete(m.id);
      }
    });
  });
  const ask = <T>(kind: string, extra: Record<string, unknown> = {}) =>
    new Promise<T>((resolve) => {
      const id = next++;
      waiting.set(id, resolve as (v: unknown) => void);
      child.send({ id, kind, ...extra });
    });
  const ports = await ready;
  return {
    ...ports,
    subscriptions: async (n) => {
      const out: Array<{ endpoint: string; keys: { p256dh: string; auth: string } }> = [];
      for (let i = 0; i < n; i += 5000) out.push(...(await ask<{ subs: typeof out }>('subscriptions', { n: Math.min(5000, n - i) })).subs);
      return out;
    },
    counts: () => ask('counts'),
    close: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ id: 0, kind: 'close' });
      await exited;
    },
  };
}
