// A free TCP port on the loopback address, for a peer or a server a test starts (taken, then released at once).
import { createServer } from 'node:net';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
