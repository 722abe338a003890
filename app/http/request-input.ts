/**
 * How a request's parts become values, strictly: JSON bodies must be UTF-8 and are taken as typed (a
 * string is never read as a boolean or a number), while path and query values, which are text by
 * nature, are converted to the types their schemas ask for. Requests too broken for a route (a bad
 * percent-escape, an over-long path segment, malformed HTTP) still get `{"error": "..."}` saying what to fix.
 */
import { isUtf8 } from 'node:buffer';
import type { Socket } from 'node:net';
import { Ajv, type Options as AjvOptions } from 'ajv';
import addFormats from 'ajv-formats';
import type {
  FastifyBaseLogger,
  FastifyError,
  FastifyReply,
  FastifyRequest,
  FastifySchemaCompiler,
} from 'fastify';
import secureJsonParse from 'secure-json-parse';
import { badRequest } from '../errors.js';
import { handleError } from './error-handler.js';
import { MAX_PATH_SEGMENT } from './limits.js';

/** `verbose`: a failure names its schema, whose description the error message quotes. */
const AJV_OPTIONS: AjvOptions = {
  removeAdditional: false,
  useDefaults: true,
  allErrors: false,
  strict: false,
  verbose: true,
};

function buildAjv(options: AjvOptions): Ajv {
  const ajv = new Ajv({ ...AJV_OPTIONS, ...options });
  addFormats.default(ajv);
  return ajv;
}

/**
 * Fastify's validator compiler with two Ajv instances: bodies are checked as sent (`"false"` is not a
 * boolean, `["x"]` is not a string); params and querystrings, which arrive as text, are converted
 * (`?page=2` is the integer 2).
 */
export function validatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = buildAjv({ coerceTypes: false });
  const converting = buildAjv({ coerceTypes: 'array' });
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : converting).compile(schema as object);
}

/**
 * The `application/json` body parser: refuses bytes that are not UTF-8 (they would be stored as U+FFFD),
 * says where JSON is broken, and refuses `__proto__` and `constructor.prototype` keys by name (the
 * default parser calls those "not valid JSON").
 */
export function parseJsonBody(
  _request: FastifyRequest,
  body: Buffer,
  done: (error: Error | null, value?: unknown) => void,
) {
  if (body.length === 0) {
    done(badRequest('Request body is empty; send a JSON object'));
    return;
  }
  if (!isUtf8(body)) {
    done(badRequest('Request body is not UTF-8 text; send JSON encoded as UTF-8'));
    return;
  }
  const text = body.toString('utf8');
  try {
    done(null, secureJsonParse.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
  } catch (error) {
    const message = (error as Error).message;
    if (/prototype property/i.test(message)) {
      done(
        badRequest(
          'Request body contains a "__proto__" or "constructor.prototype" key, which Shiplog refuses; remove or rename it',
        ),
      );
      return;
    }
    done(badRequest(`Request body is not valid JSON: ${message}`));
  }
}

/** Fastify's `frameworkErrors`: what the router refuses before any route runs. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const path = request.url.split('?')[0] ?? '';
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.status(414).send({
      error: `A segment of the URL path ${path.slice(0, 200)} is longer than ${MAX_PATH_SEGMENT} characters; names, versions and ids are at most ${MAX_PATH_SEGMENT}`,
    });
    return;
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    void reply.status(400).send({
      error:
        `The URL path ${JSON.stringify(path.slice(0, 200))} is not valid: a % must start an escape of two hex ` +
        'digits (%2F), and the escapes must decode to UTF-8 text',
    });
    return;
  }
  // Anything else the router raises (an async route constraint failing: Shiplog has none).
  void handleError(error, request, reply);
}

/** What a request that is not valid HTTP gets, by Node's error code. */
function clientErrorAnswer(code: string | undefined): { status: number; reason: string; error: string } {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        reason: 'Request Timeout',
        error: 'The request was not received in time; send it again',
      };
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        reason: 'Request Header Fields Too Large',
        error: 'The request headers are too large (at most 16 KB in all); send fewer or shorter headers',
      };
    default:
      return {
        status: 400,
        reason: 'Bad Request',
        error: `The request is not valid HTTP/1.1 (${code ?? 'parse error'}); check its request line and headers (no control characters)`,
      };
  }
}

/**
 * Fastify's `clientErrorHandler`: Node could not parse the request, so there is no request to answer
 * through Fastify; the answer is written to the socket, which is then closed.
 */
export function clientErrorHandler(log: FastifyBaseLogger) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const { status, reason, error: message } = clientErrorAnswer(error.code);
    log.debug({ code: error.code }, 'unparsable request');
    if (socket.writable) {
      const body = JSON.stringify({ error: message });
      socket.write(
        `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}
