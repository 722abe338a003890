/**
 * The baseline: a bare Fastify 5 JSON hello route with logging off, run by the benchmark in its own
 * process (`PORT`, `HOST` from the environment). Every Shiplog figure is reported as a ratio to it.
 *
 * Beside it, `GET /payloads/:name` answers JSON stored beforehand with `PUT /payloads/:name` (raw bytes;
 * `?encoding=gzip` when they are compressed): the benchmark stores an answer of the App there, as the App
 * sent it, to measure what sending those bytes costs without the App.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

/** Plain JSON is kept as text, sent as the hello's is; compressed bytes as a buffer. */
const payloads = new Map<string, { body: string | Buffer; encoding: string | undefined }>();
app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) =>
  done(null, body),
);
app.put<{ Params: { name: string }; Querystring: { encoding?: string }; Body: Buffer }>(
  '/payloads/:name',
  async (request, reply) => {
    const { encoding } = request.query;
    payloads.set(request.params.name, {
      body: encoding === undefined ? request.body.toString('utf8') : request.body,
      encoding,
    });
    return reply.status(204).send();
  },
);
app.get<{ Params: { name: string } }>('/payloads/:name', async (request, reply) => {
  const payload = payloads.get(request.params.name);
  if (payload === undefined) return reply.status(404).send({ error: 'no such payload' });
  if (payload.encoding !== undefined) reply.header('content-encoding', payload.encoding);
  return reply.type('application/json; charset=utf-8').send(payload.body);
});

await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
process.once('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
