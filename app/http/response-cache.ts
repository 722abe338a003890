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
 *
 * A kept answer of at least {@link MIN_GZIP_BYTES} asked for again by a client that accepts gzip (fetch,
 * Octokit, Python's requests and Go's net/http all say so by default) is compressed once, kept with the
 * plain bytes in one entry under the same budget, and sent compressed from then on: a page of twenty
 * deployments is 12 KB plain and about 1 KB compressed. The compressed answer has an ETag of its own (the
 * plain one with `.gz`), either of which makes a 304, and every answer of these routes says
 * `Vary: Accept-Encoding`. A computed answer (the first after a write) is sent plain: compressing an
 * answer read once costs more than it saves.
 */
import { hash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import Negotiator from 'negotiator';
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

/** One encoding of a kept answer, as it is sent. */
interface Encoded {
  /**
   * The body. Answers under {@link MIN_GZIP_BYTES} are kept as text, which Node sends in one piece with
   * the headers; larger and compressed ones as bytes, sent as they are, where a string would be encoded
   * again on every answer (12 KB for a page of deployments).
   */
  readonly body: string | Buffer;
  /** The body's length in bytes. */
  readonly bytes: number;
  /** The ETag sent with these bytes. */
  readonly etag: string;
  /**
   * Every header sent with the body, set in one go: what the handler set (`link`, `x-total`...,
   * `x-request-id` aside), the ETag, `Cache-Control` and `Vary`.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** Set when `body` is the gzip of the answer. */
  readonly gzip?: true;
}

/**
 * A kept answer: its plain bytes, and their gzip once a client that accepts gzip asked for it twice.
 * Both are one entry, so the budget never keeps one without the other.
 */
interface Kept {
  readonly plain: Encoded;
  readonly gzip?: Encoded;
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

const CACHE_CONTROL = 'private, no-cache';
const VARY = 'accept-encoding';
/** Headers that belong to one request and are never replayed. */
const PER_REQUEST_HEADERS = new Set(['x-request-id', 'content-length', 'etag', 'cache-control', 'vary']);
/** Kept answers smaller than this are always sent plain: compressing them saves next to nothing. */
export const MIN_GZIP_BYTES = 1024;
/**
 * How many distinct `Accept-Encoding` values, of at most how many characters, the answer to "is gzip
 * acceptable?" is remembered for: at most 8 KB, outside the budget; longer values are parsed each time.
 */
const KNOWN_ACCEPT_ENCODINGS = 64;
const KNOWN_ACCEPT_ENCODING_LENGTH = 128;

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

/** An ETag without its weakness indicator and without the `.gz` of a compressed answer's. */
const answerTag = (etag: string): string =>
  etag
    .trim()
    .replace(/^W\//, '')
    .replace(/\.gz"$/, '"');

/**
 * True when an `If-None-Match` header value names the answer whose ETag is `etag` (or is `*`), in
 * either of its encodings: a client holding the plain or the compressed bytes holds the current answer.
 */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  // Weak comparison (RFC 9110 §13.1.2): `W/"x"` matches `"x"`.
  const wanted = answerTag(etag);
  return ifNoneMatch.split(',').some((tag) => answerTag(tag) === wanted);
}

const etagOf = (body: string | Buffer): string => `"${hash('sha1', body, 'base64url')}"`;
/** The compressed answer's ETag: a different representation needs a different strong ETag. */
const gzipEtagOf = (etag: string): string => `${etag.slice(0, -1)}.gz"`;
/** What to send with an answer whose handler set `set` and whose ETag is `etag`. */
const sentHeaders = (set: Record<string, string>, etag: string): Record<string, string> => ({
  ...set,
  etag,
  'cache-control': CACHE_CONTROL,
  vary: VARY,
});

/** Whether an `Accept-Encoding` value accepts gzip (RFC 9110 §12.5.3, q-values and `*` included). */
function acceptsGzip(acceptEncoding: string): boolean {
  return (
    new Negotiator({ headers: { 'accept-encoding': acceptEncoding } }).encoding(['gzip', 'identity']) ===
    'gzip'
  );
}

export class ResponseCache {
  /** Answers by caller scope and URL; each counts against the budget with its key, body and headers. */
  private readonly kept: RevisionMemo<Kept>;
  /** {@link acceptsGzip} by header value: a client sends the same value with every request. */
  private readonly gzipAccepted = new Map<string, boolean>();

  constructor(options: ResponseCacheOptions) {
    this.kept = new RevisionMemo(
      options.revision,
      options.maxBytes,
      (key, entry) => key.length + sizeOf(entry),
    );
  }

  /** Route-level hooks; they run after the instance's authentication hook. */
  readonly hooks: { onRequest: onRequestHookHandler; onSend: onSendHookHandler } = {
    onRequest: (request, reply, done) => {
      const scope = scopeOf(request.principal);
      const key = scope === undefined ? undefined : `${scope} ${request.url}`;
      const hit = key === undefined ? undefined : this.lookUp(key, request.headers['accept-encoding']);
      request.responseCache = { key, revision: this.kept.now(), served: hit !== undefined };
      if (hit === undefined) {
        done();
        return;
      }
      this.answer(request, reply, hit);
    },

    onSend: (request, reply, payload, done) => {
      const pending = request.responseCache;
      if (pending === null || pending.served || reply.statusCode !== 200 || typeof payload !== 'string') {
        done(null, payload);
        return;
      }
      const bytes = Buffer.byteLength(payload);
      // A larger answer is encoded once: hashed, kept and sent as these bytes.
      const body = bytes < MIN_GZIP_BYTES ? payload : Buffer.from(payload, 'utf8');
      const etag = etagOf(body);
      const headers = sentHeaders(replayable(reply), etag);
      reply.headers(headers);
      if (pending.key !== undefined && pending.revision !== undefined) {
        this.kept.remember(pending.key, { plain: { body, bytes, etag, headers } }, pending.revision);
      }
      if (matchesEtag(request.headers['if-none-match'], etag)) {
        reply.code(304);
        // No body either way; HEAD's own hook (which runs next) needs one to count, and fails on null.
        done(null, request.method === 'HEAD' ? body : null);
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

  /** The answer kept under `key`, compressed when the client accepts it and it is worth it. */
  private lookUp(key: string, acceptEncoding: string | undefined): Encoded | undefined {
    const kept = this.kept.get(key);
    if (
      kept === undefined ||
      kept.plain.bytes < MIN_GZIP_BYTES ||
      acceptEncoding === undefined ||
      !this.acceptsGzip(acceptEncoding)
    ) {
      return kept?.plain;
    }
    return kept.gzip ?? this.compress(key, kept);
  }

  /** Compresses a kept answer once, and keeps the result with it (same entry, same revision). */
  private compress(key: string, kept: Kept): Encoded {
    const { plain } = kept;
    const body = gzipSync(plain.body);
    const etag = gzipEtagOf(plain.etag);
    const gzip: Encoded = {
      body,
      bytes: body.byteLength,
      etag,
      headers: { ...plain.headers, etag },
      gzip: true,
    };
    this.kept.remember(key, { plain, gzip }, this.kept.now());
    return gzip;
  }

  private acceptsGzip(acceptEncoding: string): boolean {
    let accepted = this.gzipAccepted.get(acceptEncoding);
    if (accepted === undefined) {
      accepted = acceptsGzip(acceptEncoding);
      if (acceptEncoding.length > KNOWN_ACCEPT_ENCODING_LENGTH) return accepted;
      if (this.gzipAccepted.size >= KNOWN_ACCEPT_ENCODINGS) this.gzipAccepted.clear();
      this.gzipAccepted.set(acceptEncoding, accepted);
    }
    return accepted;
  }

  private answer(request: FastifyRequest, reply: FastifyReply, kept: Encoded): void {
    // The content type is among them.
    reply.headers(kept.headers);
    if (matchesEtag(request.headers['if-none-match'], kept.etag)) {
      reply.code(304).send();
      return;
    }
    if (kept.gzip) reply.header('content-encoding', 'gzip');
    reply.send(kept.body);
  }
}

/** What a kept answer holds, in bytes (near enough for a budget): each encoding's body and headers. */
function sizeOf({ plain, gzip }: Kept): number {
  return encodedSize(plain) + (gzip === undefined ? 0 : encodedSize(gzip));
}

function encodedSize(encoded: Encoded): number {
  let size = encoded.bytes;
  for (const [name, value] of Object.entries(encoded.headers)) size += name.length + value.length;
  return size;
}

function replayable(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined && !PER_REQUEST_HEADERS.has(name)) headers[name] = String(value);
  }
  return headers;
}
