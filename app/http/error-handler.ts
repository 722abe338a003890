/**
 * Every failure leaves as `{"error": "..."}`: client mistakes as a 4xx that says what to fix, anything
 * unexpected as a logged 500 that names the request id and shows no internals.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { messages } from '../messages.js';
import { BODY_LIMIT_BYTES } from './limits.js';
import { describeValidationError } from './validation-message.js';

export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ApiError) {
    if (error.status === 503) request.log.warn({ err: error }, 'dependency unavailable');
    return reply.status(error.status).send({ error: error.message });
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const message = describeValidationError(
      fastifyError.validation,
      fastifyError.validationContext ?? 'body',
    );
    return reply.status(400).send({ error: message });
  }
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return reply.status(status).send({ error: clientErrorMessage(fastifyError) });
  }
  request.log.error({ err: error }, 'request failed');
  return reply.status(500).send({ error: messages.internalError(request.id) });
}

function clientErrorMessage(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return messages.unsupportedContentType;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return messages.bodyTooLarge(BODY_LIMIT_BYTES);
    default:
      // JSON bodies are parsed by request-input.ts, whose refusals are ApiErrors with their own text.
      return error.message;
  }
}
