/**
 * Per-request loggers: a line written at an enabled level carries the request id and is redacted like
 * any other; nothing is made for a level that is off.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { createLogger } from '../../../app/logger.js';
import { RequestLogger, requestLoggerFactory } from '../../../app/http/request-logger.js';

function memoryLogger(level: string) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { logger: createLogger(level, destination), lines };
}

describe('RequestLogger', () => {
  it('makes the pino child only when a line is written at an enabled level', () => {
    const { logger, lines } = memoryLogger('warn');
    const child = jest.spyOn(logger, 'child');
    const log = new RequestLogger(logger, { reqId: 'r-1' }, {});

    log.info('not written');
    log.debug({ x: 1 }, 'not written either');
    log.silent('never');
    expect(log.level).toBe('warn');
    expect(child).not.toHaveBeenCalled();

    log.warn({ token: 'shp_secret' }, 'written');
    log.error('written too');
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([
      expect.objectContaining({ reqId: 'r-1', level: 40, token: '[redacted]', msg: 'written' }),
      expect.objectContaining({ reqId: 'r-1', level: 50, msg: 'written too' }),
    ]);
  });

  it('changes its own level without changing the App logger, and makes children of its child', () => {
    const { logger, lines } = memoryLogger('warn');
    const log = new RequestLogger(logger, { reqId: 'r-2' }, {});
    log.level = 'debug';
    log.debug('now written');
    log.child({ part: 'x' }).info('from a child');
    logger.debug('still not written');
    expect(logger.level).toBe('warn');
    expect(lines).toEqual([
      expect.objectContaining({ reqId: 'r-2', msg: 'now written' }),
      expect.objectContaining({ reqId: 'r-2', part: 'x', msg: 'from a child' }),
    ]);
  });

  it("is Fastify's request logger: an error logged by a route carries that request's id", async () => {
    const { logger, lines } = memoryLogger('warn');
    const app = Fastify({ loggerInstance: logger, childLoggerFactory: requestLoggerFactory });
    app.get('/', async (request) => {
      request.log.info('quiet');
      request.log.error('loud');
      return { ok: true };
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const response = await fetch(url);
    await app.close();
    expect(response.status).toBe(200);
    expect(lines.filter((line) => line.msg === 'loud')).toEqual([
      expect.objectContaining({ reqId: expect.any(String), level: 50 }),
    ]);
    expect(lines.some((line) => line.msg === 'quiet')).toBe(false);
  });
});
