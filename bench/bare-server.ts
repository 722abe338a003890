/**
 * The baseline: a bare Fastify 5 JSON hello route with logging off, run by the benchmark in its own
 * process (`PORT`, `HOST` from the environment). Every Shiplog figure is reported as a ratio to it.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
process.once('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
