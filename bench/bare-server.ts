/**
 * The baseline: a bare Fastify 5 JSON hello route with logging off, run by the benchmark in its own
 * process (`PORT`, `HOST` from the environment). Every Shiplog figure is reported as a ratio to it.
 *
 * Beside it, `GET /payloads/:name` answers JSON text stored beforehand with `PUT /payloads/:name`: the
 * benchmark stores an answer of the App there to measure what sending those bytes costs without the App.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

const payloads = new Map<string, string>();
app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
  done(null, body),
);
app.put<{ Params: { name: string }; Body: string }>('/payloads/:name', async (request, reply) => {
  payloads.set(request.params.name, request.body);
  return reply.status(204).send();
});
app.get<{ Params: { name: string } }>('/payloads/:name', async (request, reply) => {
  const payload = payloads.get(request.params.name);
  if (payload === undefined) return reply.status(404).send({ error: 'no such payload' });
  return reply.type('application/json; charset=utf-8').send(payload);
});

await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
process.once('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
