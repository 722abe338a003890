/**
 * Reads and validates the App's whole configuration from the environment, once, at start-up. A bad value
 * stops start-up with a message naming the variable; secrets are never echoed.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface GitHubAppConfig {
  readonly appId: number;
  readonly privateKey: string;
  readonly webhookSecret: string;
  /** REST base URL: https://api.github.com, or `<GHE_PROTOCOL>://<GHE_HOST>/api/v3`. */
  readonly apiBaseUrl: string;
}

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly dataPath: string;
  readonly adminToken: string | undefined;
  readonly logLevel: string;
  /** Undefined until the App is configured: GitHub validation and mirroring are then off. */
  readonly github: GitHubAppConfig | undefined;
  /** Which GitHub Actions OIDC tokens are accepted as bearer tokens. */
  readonly oidc: OidcConfig;
  /** `SHIPLOG_URL`: where people reach the App, for links in pull-request comments. */
  readonly publicUrl: string | undefined;
  /** `SHIPLOG_RESPONSE_CACHE_MB`: memory for reusing read answers while the store is unchanged. */
  readonly responseCacheBytes: number;
}

export interface OidcConfig {
  /** The tokens' `iss`, exactly; their keys are fetched from `<issuer>/.well-known/jwks`. */
  readonly issuer: string;
  /** The tokens' required `aud`. */
  readonly audience: string;
}

export const DEFAULT_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';
export const DEFAULT_OIDC_AUDIENCE = 'shiplog';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const GITHUB_VARIABLES = ['APP_ID', 'PRIVATE_KEY', 'PRIVATE_KEY_PATH', 'WEBHOOK_SECRET'] as const;
export const MIN_ADMIN_TOKEN_LENGTH = 16;

type Env = Record<string, string | undefined>;

const value = (env: Env, name: string): string | undefined => {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
};

function readPort(env: Env): number {
  const raw = value(env, 'PORT') ?? '3000';
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    throw new ConfigError(`PORT must be a port number between 0 and 65535, got '${raw}'`);
  }
  return Number(raw);
}

function readPrivateKey(env: Env): string {
  const inline = value(env, 'PRIVATE_KEY');
  const path = value(env, 'PRIVATE_KEY_PATH');
  let pem: string;
  let source: string;
  if (inline) {
    // Hosting platforms often store the PEM on one line with literal "\n".
    pem = inline.replace(/\\n/g, '\n');
    source = 'PRIVATE_KEY';
  } else if (path) {
    source = 'PRIVATE_KEY_PATH';
    try {
      pem = readFileSync(resolve(path), 'utf8');
    } catch (error) {
      throw new ConfigError(
        `PRIVATE_KEY_PATH: cannot read '${path}' (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  } else {
    throw new ConfigError(
      'PRIVATE_KEY or PRIVATE_KEY_PATH is required when APP_ID is set: download the private key from the GitHub App settings page',
    );
  }
  try {
    createPrivateKey(pem);
  } catch {
    throw new ConfigError(
      `${source} is not a valid PEM private key: use the .pem file GitHub generated for the App, unchanged`,
    );
  }
  return pem;
}

function readGitHub(env: Env): GitHubAppConfig | undefined {
  if (!GITHUB_VARIABLES.some((name) => value(env, name))) return undefined;
  const appId = value(env, 'APP_ID');
  if (!appId) throw new ConfigError('APP_ID is required when PRIVATE_KEY or WEBHOOK_SECRET is set');
  if (!/^\d+$/.test(appId)) {
    throw new ConfigError(
      `APP_ID must be the numeric App ID from the GitHub App settings page, got '${appId}'`,
    );
  }
  const privateKey = readPrivateKey(env);
  const webhookSecret = value(env, 'WEBHOOK_SECRET');
  if (!webhookSecret) {
    throw new ConfigError("WEBHOOK_SECRET is required when APP_ID is set: use the App's webhook secret");
  }
  const gheHost = value(env, 'GHE_HOST');
  const protocol = value(env, 'GHE_PROTOCOL') ?? 'https';
  if (protocol !== 'https' && protocol !== 'http') {
    throw new ConfigError(`GHE_PROTOCOL must be 'https' or 'http', got '${protocol}'`);
  }
  if (gheHost && !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(gheHost)) {
    throw new ConfigError(`GHE_HOST must be a host name with an optional port, got '${gheHost}'`);
  }
  return {
    appId: Number(appId),
    privateKey,
    webhookSecret,
    apiBaseUrl: gheHost ? `${protocol}://${gheHost}/api/v3` : 'https://api.github.com',
  };
}

function readOidc(env: Env): OidcConfig {
  const issuer = value(env, 'SHIPLOG_OIDC_ISSUER') ?? DEFAULT_OIDC_ISSUER;
  const url = URL.canParse(issuer) ? new URL(issuer) : undefined;
  const loopback = url !== undefined && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback))) {
    throw new ConfigError(
      `SHIPLOG_OIDC_ISSUER must be an https:// URL (http:// only on localhost), got '${issuer}'`,
    );
  }
  if (issuer.endsWith('/') || url.search || url.hash) {
    throw new ConfigError(
      `SHIPLOG_OIDC_ISSUER must be the issuer exactly as its tokens' 'iss' claim states it, without a trailing slash, query or fragment, got '${issuer}'`,
    );
  }
  const audience = value(env, 'SHIPLOG_OIDC_AUDIENCE') ?? DEFAULT_OIDC_AUDIENCE;
  if (!/^[\x21-\x7e]{1,255}$/.test(audience)) {
    throw new ConfigError(
      `SHIPLOG_OIDC_AUDIENCE must be 1 to 255 printable ASCII characters without spaces, got '${audience}'`,
    );
  }
  return { issuer, audience };
}

function readPublicUrl(env: Env): string | undefined {
  const url = value(env, 'SHIPLOG_URL');
  if (url === undefined) return undefined;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new ConfigError(
      `SHIPLOG_URL must be the App's http(s) base URL such as https://shiplog.example.com, got '${url}'`,
    );
  }
  return url.replace(/\/+$/, '');
}

const DEFAULT_RESPONSE_CACHE_MB = 32;

function readResponseCacheBytes(env: Env): number {
  const raw = value(env, 'SHIPLOG_RESPONSE_CACHE_MB') ?? String(DEFAULT_RESPONSE_CACHE_MB);
  if (!/^\d{1,6}$/.test(raw)) {
    throw new ConfigError(
      `SHIPLOG_RESPONSE_CACHE_MB must be a whole number of megabytes (0 turns the cache off), got '${raw}'`,
    );
  }
  return Number(raw) * 1024 * 1024;
}

/** Reads the configuration; `env` is injectable so tests need not touch `process.env`. */
export function readConfig(env: Env = process.env): AppConfig {
  const adminToken = value(env, 'SHIPLOG_ADMIN_TOKEN');
  if (adminToken !== undefined && adminToken.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new ConfigError(
      `SHIPLOG_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters; generate one with: openssl rand -hex 32`,
    );
  }
  const logLevel = value(env, 'LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  }
  return {
    port: readPort(env),
    host: value(env, 'HOST') ?? '0.0.0.0',
    dataPath: resolve(value(env, 'SHIPLOG_DATA') ?? './data/shiplog.json'),
    adminToken,
    logLevel,
    github: readGitHub(env),
    oidc: readOidc(env),
    publicUrl: readPublicUrl(env),
    responseCacheBytes: readResponseCacheBytes(env),
  };
}
