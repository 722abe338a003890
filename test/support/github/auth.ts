/**
 * Checks the `authorization` header the way GitHub tells apps apart: a JWT for app endpoints, an installation
 * access token (`ghs_...`) for everything else.
 *
 * @packageDocumentation
 */
import { createPublicKey, verify } from 'node:crypto';
import { isRecord } from './json.js';
import { findRepo, type AppState, type GitHubState } from './state.js';

/** Endpoints that need the app's JWT (the list `@octokit/auth-app` signs with it). */
const JWT_TEMPLATES = new Set([
  '/orgs/{org}/installation',
  '/repos/{owner}/{repo}/installation',
  '/users/{username}/installation',
  '/enterprises/{enterprise}/installation',
]);

/** Whether the operation at this path template must be called with the app's JWT. */
export function requiresJwt(template: string): boolean {
  return (
    template === '/app' ||
    template.startsWith('/app/') ||
    template.startsWith('/marketplace_listing/') ||
    JWT_TEMPLATES.has(template)
  );
}

/** The credential a request carried. */
export type Credential = { kind: 'jwt'; appId: string } | { kind: 'token'; token: string };

/** Outcome of {@link checkAuthorization}: the credential, or what GitHub would answer 401 with and why. */
export type AuthResult =
  { ok: true; credential: Credential } | { ok: false; message: string; problem: string };

/** GitHub's time limit on an app JWT: `exp` at most 10 minutes ahead. */
const MAX_JWT_LIFETIME_SECONDS = 600;

/** Checks the header against what the operation at `template` requires. `now` is in seconds. */
export function checkAuthorization(
  header: string | undefined,
  template: string,
  app: AppState | undefined,
  now: number,
): AuthResult {
  if (!header) return fail('Requires authentication', 'no authorization header');
  const [, scheme = '', value = ''] = /^(\S+)\s+(\S+)$/.exec(header) ?? [];
  const isJwt = value.split('.').length === 3;
  if (requiresJwt(template)) {
    if (!isJwt || scheme.toLowerCase() !== 'bearer') {
      return fail(
        'A JSON web token could not be decoded',
        `this endpoint needs the app JWT ("Bearer eyJ..."), got "${scheme} ${value.slice(0, 4)}..."`,
      );
    }
    return checkJwt(value, app, now);
  }
  if (isJwt) {
    return fail(
      'Bad credentials',
      'an app JWT was used where an installation token ("token ghs_...") is needed',
    );
  }
  if (!/^(token|bearer)$/i.test(scheme) || !value.startsWith('ghs_')) {
    return fail(
      'Bad credentials',
      `expected an installation token ("token ghs_..."), got "${scheme} ${value.slice(0, 4)}..."`,
    );
  }
  return { ok: true, credential: { kind: 'token', token: value } };
}

/**
 * A token the stub issued only sees the repositories of its installation (and of its `repositories` list,
 * when it was limited to some); GitHub answers 404 for any other. Returns the problem, if any.
 */
export function tokenScopeProblem(
  state: GitHubState,
  credential: Credential,
  params: Record<string, string>,
): string | undefined {
  if (credential.kind !== 'token' || params.owner === undefined || params.repo === undefined)
    return undefined;
  const issued = state.accessTokens.find((t) => t.token === credential.token);
  const found = findRepo(state, params.owner, params.repo);
  if (!issued || !found) return undefined;
  if (found.repo.installationId !== issued.installationId) {
    return `the token of installation ${issued.installationId} cannot see ${found.fullName} (installation ${String(found.repo.installationId)})`;
  }
  if (
    issued.repositories &&
    !issued.repositories.some((name) => name.toLowerCase() === found.name.toLowerCase())
  ) {
    return `the token is limited to ${issued.repositories.join(', ')} and cannot see ${found.fullName}`;
  }
  return undefined;
}

function checkJwt(jwt: string, app: AppState | undefined, now: number): AuthResult {
  const [header = '', payload = '', signature = ''] = jwt.split('.');
  const claims = decodeSegment(payload);
  if (!isRecord(decodeSegment(header)) || !isRecord(claims)) {
    return fail('A JSON web token could not be decoded', 'the JWT is not three base64url JSON segments');
  }
  const { iat, exp, iss } = claims;
  if (typeof iat !== 'number' || iat > now + 60) {
    return fail(
      "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
      `JWT iat ${String(iat)} is missing or in the future`,
    );
  }
  if (typeof exp !== 'number' || exp <= now) {
    return fail(
      "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
      `JWT exp ${String(exp)} is missing or in the past`,
    );
  }
  if (exp - now > MAX_JWT_LIFETIME_SECONDS) {
    return fail(
      "'Expiration time' claim ('exp') is too far in the future",
      `JWT exp is ${exp - now}s ahead, GitHub allows ${MAX_JWT_LIFETIME_SECONDS}s`,
    );
  }
  if (app?.privateKey) {
    if (String(iss) !== String(app.id)) {
      return fail(
        'A JSON web token could not be decoded',
        `JWT iss ${String(iss)} is not the app id ${app.id}`,
      );
    }
    const signed = verify(
      'RSA-SHA256',
      Buffer.from(`${header}.${payload}`),
      createPublicKey(app.privateKey),
      Buffer.from(signature, 'base64url'),
    );
    if (!signed)
      return fail('A JSON web token could not be decoded', "the JWT is not signed with the app's key");
  }
  return { ok: true, credential: { kind: 'jwt', appId: String(iss) } };
}

function decodeSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function fail(message: string, problem: string): AuthResult {
  return { ok: false, message, problem };
}
