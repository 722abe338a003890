/**
 * Keyless authentication: verifies a GitHub Actions OIDC ID token and turns it into a principal that may
 * use the projects of the token's repository.
 *
 * Checks, in the order a failure is reported: the token is a signed JWT; its key is one the issuer
 * publishes (JWKS at `<issuer>/.well-known/jwks`, cached, refetched when an unknown `kid` appears); the
 * signature; the issuer; the audience; expiry (and `nbf`); a `repository` claim. Each failure is a 401
 * naming the check. The repository is matched against the project later, in `requireProject`.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ApiError, unauthorized } from '../errors.js';

/** The issuer and audience the App accepts (SHIPLOG_OIDC_ISSUER, SHIPLOG_OIDC_AUDIENCE). */
export interface OidcSettings {
  readonly issuer: string;
  readonly audience: string;
}

/** The claims of a GitHub Actions ID token the App reads; the rest are kept as given. */
export interface GitHubOidcClaims extends JWTPayload {
  /** `org/repo` of the workflow run. */
  readonly repository: string;
  /** The job's `environment:`, when it has one. */
  readonly environment?: string;
  readonly ref?: string;
  readonly sha?: string;
  readonly workflow?: string;
  readonly run_id?: string;
}

/** A workflow authenticated by its OIDC token: it may use the projects of its repository. */
export interface OidcPrincipal {
  readonly kind: 'oidc';
  readonly repository: string;
  readonly claims: GitHubOidcClaims;
}

/** The OIDC messages (kept beside the verifier; app/messages.ts holds the App's other messages). */
export const oidcMessages = {
  malformed: 'OIDC token rejected: it is not a well-formed signed JWT',
  algorithm: (alg: string) => `OIDC token rejected: algorithm '${alg}' is not accepted (RS256 only)`,
  unknownKey: (kid: string, jwksUrl: string) =>
    `OIDC token rejected: it is signed with key '${kid}', which the issuer does not publish at ${jwksUrl}`,
  signature: (jwksUrl: string) =>
    `OIDC token rejected: its signature does not verify against the issuer's keys at ${jwksUrl}`,
  issuer: (actual: string, expected: string) =>
    `OIDC token rejected: issuer '${actual}' is not the accepted issuer '${expected}' (SHIPLOG_OIDC_ISSUER)`,
  audience: (actual: string, expected: string) =>
    `OIDC token rejected: audience '${actual}' is not '${expected}'; request the token with audience '${expected}' (the Action's 'audience' input, SHIPLOG_OIDC_AUDIENCE on the App)`,
  expired: (at: string) => `OIDC token rejected: it expired at ${at}; request a fresh token for each step`,
  notYetValid: (claim: string) =>
    `OIDC token rejected: its '${claim}' claim is in the future; check the clocks of the App's host`,
  missingClaim: (claim: string) => `OIDC token rejected: the '${claim}' claim is missing or invalid`,
  keysUnavailable: (jwksUrl: string, reason: string) =>
    `The OIDC issuer's keys could not be fetched from ${jwksUrl} (${reason}); nothing was stored, retry later`,
  environment: (actual: string | undefined, expected: string) =>
    `OIDC token rejected: environment claim ${actual === undefined ? 'is missing' : `'${actual}' is not '${expected}'`}; this environment accepts keyless reports only from jobs with \`environment: ${expected}\``,
  projectNotAccessible: (name: string, repository: string) =>
    `Project '${name}' not found, or its repository is not '${repository}' (the OIDC token's repository claim)`,
} as const;

/** Options beyond the configuration, for tests. */
export interface OidcVerifierOptions extends OidcSettings {
  /** Refetch no more often than this when an unknown `kid` appears; jose's default is 30 s. */
  readonly cooldownMs?: number;
  /** Seconds of clock skew tolerated on `exp` and `nbf`. */
  readonly clockToleranceSec?: number;
}

const JWT_SHAPE = /^eyJ[\w-]*\.[\w-]*\.[\w-]*$/;
const ALGORITHMS = ['RS256'];
const REQUIRED_CLAIMS = ['iss', 'aud', 'exp', 'repository'];

/** True for a bearer value shaped like a JWT (three base64url segments, a JSON header). */
export const looksLikeJwt = (token: string): boolean => JWT_SHAPE.test(token);

/** GitHub spells repositories case-insensitively. */
export const sameRepository = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Verifies GitHub Actions ID tokens against one issuer's published keys. */
export class OidcVerifier {
  private readonly jwksUrl: URL;
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: OidcVerifierOptions) {
    this.jwksUrl = new URL(`${options.issuer}/.well-known/jwks`);
    this.keys = createRemoteJWKSet(this.jwksUrl, {
      ...(options.cooldownMs === undefined ? {} : { cooldownDuration: options.cooldownMs }),
      headers: { 'user-agent': 'shiplog' },
    });
  }

  /** The principal of a valid token; an {@link ApiError} (401, or 503 when the keys are unreachable) otherwise. */
  async verify(token: string): Promise<OidcPrincipal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ALGORITHMS,
        requiredClaims: REQUIRED_CLAIMS,
        clockTolerance: this.options.clockToleranceSec ?? 30,
      }));
    } catch (error) {
      throw this.describe(error, token);
    }
    if (typeof payload.repository !== 'string' || payload.repository === '') {
      throw unauthorized(oidcMessages.missingClaim('repository'));
    }
    const claims = payload as GitHubOidcClaims;
    return { kind: 'oidc', repository: claims.repository, claims };
  }

  private describe(error: unknown, token: string): ApiError {
    const jwks = this.jwksUrl.href;
    if (error instanceof errors.JWTExpired) {
      const exp = error.payload.exp;
      return unauthorized(oidcMessages.expired(exp ? new Date(exp * 1000).toISOString() : 'an unknown time'));
    }
    if (error instanceof errors.JWTClaimValidationFailed) {
      const { claim, payload } = error;
      if (error.reason === 'missing' || error.reason === 'invalid') {
        return unauthorized(oidcMessages.missingClaim(claim));
      }
      if (claim === 'iss') return unauthorized(oidcMessages.issuer(String(payload.iss), this.options.issuer));
      if (claim === 'aud') {
        return unauthorized(
          oidcMessages.audience([payload.aud ?? ''].flat().join(', '), this.options.audience),
        );
      }
      return unauthorized(oidcMessages.notYetValid(claim));
    }
    if (error instanceof errors.JWKSNoMatchingKey)
      return unauthorized(oidcMessages.unknownKey(kidOf(token), jwks));
    if (
      error instanceof errors.JWSSignatureVerificationFailed ||
      error instanceof errors.JWKSMultipleMatchingKeys
    ) {
      return unauthorized(oidcMessages.signature(jwks));
    }
    if (error instanceof errors.JOSEAlgNotAllowed) return unauthorized(oidcMessages.algorithm(algOf(token)));
    if (
      error instanceof errors.JWSInvalid ||
      error instanceof errors.JWTInvalid ||
      error instanceof errors.JOSENotSupported
    ) {
      return unauthorized(oidcMessages.malformed);
    }
    // Timeout, network error, non-200 or an unreadable key set: the issuer's fault, not the token's.
    return new ApiError(503, oidcMessages.keysUnavailable(jwks, reasonOf(error)));
  }
}

function headerOf(token: string): Record<string, unknown> {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null ? (header as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const kidOf = (token: string): string => String(headerOf(token).kid ?? '(none)');
const algOf = (token: string): string => String(headerOf(token).alg ?? '(none)');

/** The most specific cause: a system error code (`ECONNREFUSED`) from the cause chain, or the message. */
function reasonOf(error: unknown): string {
  // Duck-typed: fetch's errors may come from another realm, where `instanceof Error` is false.
  for (let cause = error, depth = 0; typeof cause === 'object' && cause !== null && depth < 5; depth++) {
    const { code, cause: next } = cause as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && !code.startsWith('ERR_J')) return code;
    cause = next;
  }
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : String(error);
}
