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
import { ApiError, badRequest } from '../errors.js';
import { messages } from '../messages.js';
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
    done(badRequest(messages.emptyBody));
    return;
  }
  if (!isUtf8(body)) {
    done(badRequest(messages.bodyNotUtf8));
    return;
  }
  const text = body.toString('utf8');
  try {
    done(null, secureJsonParse.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
  } catch (error) {
    const message = (error as Error).message;
    if (/prototype property/i.test(message)) {
      done(badRequest(messages.bodyPrototypeKey));
      return;
    }
    done(badRequest(messages.bodyNotJson(message)));
  }
}

/**
 * Fastify's `frameworkErrors`: what the router refuses before any route runs, answered by the one error
 * handler. Anything else it raises (an async route constraint failing: Shiplog has none) is a 500 there.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const path = (request.url.split('?')[0] ?? '').slice(0, 200);
  const refusal =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new ApiError(414, messages.pathSegmentTooLong(path, MAX_PATH_SEGMENT))
      : error.code === 'FST_ERR_BAD_URL'
        ? badRequest(messages.badUrl(path))
        : error;
  void handleError(refusal, request, reply);
}

/** What a request that is not valid HTTP gets, by Node's error code. */
function clientErrorAnswer(code: string | undefined): { status: number; reason: string; error: string } {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, reason: 'Request Timeout', error: messages.requestTimeout };
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, reason: 'Request Header Fields Too Large', error: messages.headersTooLarge };
    default:
      return { status: 400, reason: 'Bad Request', error: messages.notHttp(code ?? 'parse error') };
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
