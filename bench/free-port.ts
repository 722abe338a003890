/** A TCP port nobody listens on right now, for a child server that must be told its port up front. */
import { createServer } from 'node:net';

/**
 * Asks the OS for a free port on 127.0.0.1 by listening on port 0, then releases it. Another process
 * could take it in between; on a benchmark machine that race is negligible.
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port was assigned'))));
    });
  });
}
