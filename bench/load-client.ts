// The load generator of bench/lib.ts `loadRoute`, in its own process: autocannon in the server's process would parse
// every answer on the server's event loop and count its own work as the server's latency. Takes one JSON argument
// ({ url, headers, connections, durationS }) and prints one JSON line: the latency of every 200, errors, requests.
import autocannon from 'autocannon';

const { url, headers, connections, durationS } = JSON.parse(process.argv[2] ?? '{}') as {
  url: string;
  headers: Record<string, string>;
  connections: number;
  durationS: number;
};
const latencies: number[] = [];
const statuses: Record<string, number> = {};
let errors = 0;
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon({ url, headers, connections, duration: durationS }, (err, r) => (err ? reject(err) : resolve(r)));
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status === 200) latencies.push(ms);
    else {
      errors++;
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  });
});
// the client shares the machine's cores with the server and the database: its own CPU is reported beside theirs
const cpu = process.cpuUsage();
process.stdout.write(`${JSON.stringify({ latencies, errors, statuses, requests: result.requests.total, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
