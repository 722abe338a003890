/**
 * Per-request loggers that cost nothing until they write.
 *
 * Fastify gives every request a child of the App's logger bound to its request id. A pino child is an
 * object plus its bindings serialised to JSON, made for every request although few requests log through
 * it: the `request completed` line is written by the App logger itself (server.ts), so what is left are
 * the warnings and errors of handlers. Given as Fastify's `childLoggerFactory`, {@link requestLoggerFactory}
 * hands out a {@link RequestLogger} instead: it answers `level` and the disabled levels from the parent
 * and makes the real child the first time a line is written at an enabled level, so every line still
 * carries its `reqId`.
 */
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import type { Bindings, ChildLoggerOptions, LogFn } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
const LEVELS: readonly Level[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

/** A method that writes through the child, made on first use, when its level is enabled. */
function write(level: Level): LogFn {
  return function (this: RequestLogger, ...args: unknown[]) {
    if (!this.isLevelEnabled(level)) return;
    (this.child()[level] as (...line: unknown[]) => void)(...args);
  } as LogFn;
}

/** What a pino logger offers that Fastify's logger type leaves out. */
type PinoLogger = FastifyBaseLogger & { isLevelEnabled(level: string): boolean };

export class RequestLogger implements FastifyBaseLogger {
  #child: PinoLogger | undefined;

  constructor(
    private readonly parent: PinoLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  get level(): string {
    return this.#child?.level ?? this.parent.level;
  }

  /** Setting a request's own level needs the real child. */
  set level(level: string) {
    this.child().level = level;
  }

  /** Whether a line at `level` would be written (by the child once it has its own level). */
  isLevelEnabled(level: string): boolean {
    return (this.#child ?? this.parent).isLevelEnabled(level);
  }

  /** The real pino child, made once. */
  child(): FastifyBaseLogger;
  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger;
  child(bindings?: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    this.#child ??= this.parent.child(this.bindings, this.options) as PinoLogger;
    return bindings === undefined ? this.#child : this.#child.child(bindings, options);
  }

  declare fatal: LogFn;
  declare error: LogFn;
  declare warn: LogFn;
  declare info: LogFn;
  declare debug: LogFn;
  declare trace: LogFn;
  declare silent: LogFn;
}

for (const level of LEVELS) {
  Object.defineProperty(RequestLogger.prototype, level, { value: write(level), writable: true });
}
Object.defineProperty(RequestLogger.prototype, 'silent', { value: () => undefined, writable: true });

/** Fastify's `childLoggerFactory` for a pino logger. */
export const requestLoggerFactory: NonNullable<FastifyServerOptions['childLoggerFactory']> = (
  logger,
  bindings,
  options,
) => new RequestLogger(logger as PinoLogger, bindings, options);

/** Query parameters whose values are secrets wherever they appear (GitLab's `private_token`, say). */
const SECRET_PARAMETER = /token|secret|password|passwd|signature|key|code|auth/i;

/**
 * A request URL as it may be logged: the values of query parameters named like secrets are replaced by
 * `[redacted]`. Shiplog reads no credential from a URL, but a client may still put one there.
 */
export function loggableUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const parameters = url
    .slice(query + 1)
    .split('&')
    .map((parameter) => {
      const equals = parameter.indexOf('=');
      const name = equals < 0 ? parameter : parameter.slice(0, equals);
      return equals >= 0 && SECRET_PARAMETER.test(name) ? `${name}=[redacted]` : parameter;
    });
  return `${url.slice(0, query)}?${parameters.join('&')}`;
}
