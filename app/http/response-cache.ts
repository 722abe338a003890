/**
 * Read answers that are computed once per store revision, and conditional requests.
 *
 * A read route opts in by spreading {@link ResponseCache.hooks} into its options. Its 200 answers then
 * carry a strong `ETag` (a hash of the body) and `Cache-Control: private, no-cache`, and a request whose
 * `If-None-Match` names the current body gets a 304 without one. The serialised answer is also kept, per
 * caller scope and URL, with the store revision it was computed at, and served again as long as the
 * store's revision has not moved: any write, anywhere, makes every kept answer stale at once, so a kept
 * answer is never out of date. Authentication runs before the lookup on every request, so a revoked token
 * gets its 401 and a token never sees an answer computed for another project.
 */
import { hash } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onRequestHookHandler, onSendHookHandler } from 'fastify';
import { Type } from 'typebox';
import type { Principal } from '../services/auth-service.js';
import { RevisionMemo } from '../store/revision-memo.js';

export interface ResponseCacheOptions {
  /** The store's revision; undefined when the store cannot tell, and nothing is kept then. */
  readonly revision: () => number | undefined;
  /** Kept bodies (and their keys) may add up to this many bytes; 0 keeps nothing. */
  readonly maxBytes: number;
}

interface Kept {
  /**
   * The body as UTF-8 bytes: sent as they are, where a string would be copied and encoded again on
   * every answer (12 KB for a page of deployments).
   */
  readonly body: Buffer;
  readonly etag: string;
  /** What the handler set besides the body (`link`, `x-total`...), `x-request-id` aside. */
  readonly headers: Readonly<Record<string, string>>;
}

/** Per request: what to keep the answer under, or that it came from the cache. */
interface Pending {
  readonly key: string | undefined;
  readonly revision: number | undefined;
  readonly served: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the response cache's hooks on the routes that use them. */
    responseCache: Pending | null;
  }
}

/** For the OpenAPI document of a route that uses the hooks. */
export const notModifiedResponse = {
  304: Type.Null({
    description: 'Not modified: `If-None-Match` named the current `ETag`. No body.',
  }),
} as const;

const JSON_TYPE = 'application/json; charset=utf-8';
const CACHE_CONTROL = 'private, no-cache';
/** Headers that belong to one request and are never replayed. */
const PER_REQUEST_HEADERS = new Set(['x-request-id', 'content-length', 'etag', 'cache-control']);

/** Whose view the answer is: the admin's, or one project's. OIDC callers are not cached. */
function scopeOf(principal: Principal): string | undefined {
  switch (principal.kind) {
    case 'admin':
      return 'admin';
    case 'project':
      return `project:${principal.projectId}`;
    default:
      return undefined;
  }
}

/** True when an `If-None-Match` header value names `etag` (or is `*`). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  // Weak comparison (RFC 9110 §13.1.2): `W/"x"` matches `"x"`.
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

const etagOf = (body: Buffer): string => `"${hash('sha1', body, 'base64url')}"`;

export class ResponseCache {
  /** Answers by caller scope and URL; a kept body and its key count against the budget in bytes. */
  private readonly kept: RevisionMemo<Kept>;

  constructor(options: ResponseCacheOptions) {
    this.kept = new RevisionMemo(
      options.revision,
      options.maxBytes,
      (key, entry) => entry.body.byteLength + key.length,
    );
  }

  /** Route-level hooks; they run after the instance's authentication hook. */
  readonly hooks: { onRequest: onRequestHookHandler; onSend: onSendHookHandler } = {
    onRequest: (request, reply, done) => {
      const scope = scopeOf(request.principal);
      const key = scope === undefined ? undefined : `${scope} ${request.url}`;
      const hit = key === undefined ? undefined : this.kept.get(key);
      request.responseCache = { key, revision: this.kept.now(), served: hit !== undefined };
      if (hit === undefined) {
        done();
        return;
      }
      reply.headers(hit.headers);
      this.answer(request, reply, hit.body, hit.etag);
    },

    onSend: (request, reply, payload, done) => {
      const pending = request.responseCache;
      if (pending === null || pending.served || reply.statusCode !== 200 || typeof payload !== 'string') {
        done(null, payload);
        return;
      }
      // Encoded once: hashed, kept and sent as these bytes.
      const body = Buffer.from(payload, 'utf8');
      const etag = etagOf(body);
      reply.header('etag', etag).header('cache-control', CACHE_CONTROL);
      if (pending.key !== undefined && pending.revision !== undefined) {
        this.kept.remember(pending.key, { body, etag, headers: replayable(reply) }, pending.revision);
      }
      if (matchesEtag(request.headers['if-none-match'], etag)) {
        reply.code(304);
        done(null, null);
        return;
      }
      done(null, body);
    },
  };

  /** Kept answers and their size, for tests and diagnostics. */
  get stats(): { entries: number; bytes: number } {
    const { entries, size } = this.kept.stats;
    return { entries, bytes: size };
  }

  private answer(request: FastifyRequest, reply: FastifyReply, body: Buffer, etag: string): void {
    reply.header('etag', etag).header('cache-control', CACHE_CONTROL);
    if (matchesEtag(request.headers['if-none-match'], etag)) {
      reply.code(304).send();
      return;
    }
    reply.type(JSON_TYPE).send(body);
  }
}

function replayable(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined && !PER_REQUEST_HEADERS.has(name)) headers[name] = String(value);
  }
  return headers;
}
