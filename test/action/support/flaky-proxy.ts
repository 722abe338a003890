/**
 * A reverse proxy in front of the App that can lose answers: the request reaches the App (which acts on
 * it) but the client gets a 502 instead of the App's answer, as when a load balancer times out. A client
 * that retries must then not create the record twice.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FlakyProxy {
  readonly url: string;
  /** Requests seen, as `METHOD path idempotency-key`. */
  readonly seen: string[];
  /** Forward the next `count` requests but answer 502 instead of the App's answer. */
  loseAnswers(count: number): void;
  close(): Promise<void>;
}

export async function startFlakyProxy(target: string): Promise<FlakyProxy> {
  const upstream = new URL(target);
  let toLose = 0;
  const seen: string[] = [];
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    seen.push(`${incoming.method} ${incoming.url} ${String(incoming.headers['idempotency-key'] ?? '-')}`);
    const lose = toLose > 0;
    if (lose) toLose--;
    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        if (lose) {
          answer.resume();
          answer.on('end', () =>
            outgoing
              .writeHead(502, { 'content-type': 'text/html' })
              .end('<html><h1>502 Bad Gateway</h1></html>'),
          );
          return;
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    loseAnswers: (count) => {
      toLose = count;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
