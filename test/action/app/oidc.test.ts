/** The App side of keyless authentication: configuration, the verifier, and the access rule. */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigError, readConfig } from '../../../app/config.js';
import { ApiError } from '../../../app/errors.js';
import { AuthService } from '../../../app/services/auth-service.js';
import { looksLikeJwt, OidcVerifier } from '../../../app/services/oidc-verifier.js';
import { ProjectService } from '../../../app/services/project-service.js';
import type { Store } from '../../../app/store/store.js';
import { startOidcIssuer, type OidcIssuer } from '../support/oidc-issuer.js';

let issuer: OidcIssuer;
beforeAll(async () => {
  issuer = await startOidcIssuer();
});
afterAll(() => issuer.close());

const rejection = (answer: unknown) =>
  Promise.resolve(answer).then(
    () => {
      throw new Error('accepted');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(ApiError);
      return { status: (error as ApiError).status, message: (error as ApiError).message };
    },
  );

describe('SHIPLOG_OIDC_ISSUER and SHIPLOG_OIDC_AUDIENCE', () => {
  it("default to GitHub's issuer and 'shiplog'", () => {
    expect(readConfig({}).oidc).toEqual({
      issuer: 'https://token.actions.githubusercontent.com',
      audience: 'shiplog',
    });
  });

  it('accept GHES and local issuers', () => {
    const ghes = {
      SHIPLOG_OIDC_ISSUER: 'https://ghe.example.com/_services/token',
      SHIPLOG_OIDC_AUDIENCE: 'https://shiplog.example.com',
    };
    expect(readConfig(ghes).oidc).toEqual({
      issuer: ghes.SHIPLOG_OIDC_ISSUER,
      audience: ghes.SHIPLOG_OIDC_AUDIENCE,
    });
    expect(readConfig({ SHIPLOG_OIDC_ISSUER: 'http://127.0.0.1:8080' }).oidc.issuer).toBe(
      'http://127.0.0.1:8080',
    );
  });

  it.each([
    [
      { SHIPLOG_OIDC_ISSUER: 'token.actions.githubusercontent.com' },
      /^SHIPLOG_OIDC_ISSUER must be an https:\/\/ URL/,
    ],
    [
      { SHIPLOG_OIDC_ISSUER: 'http://issuer.example.com' },
      /^SHIPLOG_OIDC_ISSUER must be an https:\/\/ URL \(http:\/\/ only on localhost\)/,
    ],
    [{ SHIPLOG_OIDC_ISSUER: 'https://token.actions.githubusercontent.com/' }, /without a trailing slash/],
    [
      { SHIPLOG_OIDC_AUDIENCE: 'my audience' },
      /^SHIPLOG_OIDC_AUDIENCE must be 1 to 255 printable ASCII characters/,
    ],
  ])('refuse %p', (env, expected) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(expected);
  });
});

describe('OidcVerifier', () => {
  it('accepts a valid token and returns its repository', async () => {
    const verifier = new OidcVerifier({ issuer: issuer.url, audience: 'shiplog' });
    const principal = await verifier.verify(await issuer.mint('shiplog'));
    expect(principal).toMatchObject({
      kind: 'oidc',
      repository: 'acme/web',
      claims: { ref: 'refs/heads/main' },
    });
  });

  it('refetches the JWKS when a token names a key it has not seen (key rotation)', async () => {
    const verifier = new OidcVerifier({ issuer: issuer.url, audience: 'shiplog', cooldownMs: 0 });
    await verifier.verify(await issuer.mint('shiplog'));
    const fetches = issuer.jwksFetches;
    issuer.publishUnknownKey();
    await expect(verifier.verify(await issuer.mint('shiplog', { unknownKey: true }))).resolves.toMatchObject({
      repository: 'acme/web',
    });
    expect(issuer.jwksFetches).toBe(fetches + 1);
  });

  it('names the failed check', async () => {
    const verifier = new OidcVerifier({ issuer: issuer.url, audience: 'shiplog' });
    const token = await issuer.mint('shiplog');
    const [header, payload, signature = ''] = token.split('.');
    const tampered = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    expect(await rejection(verifier.verify(tampered))).toEqual({
      status: 401,
      message: `OIDC token rejected: its signature does not verify against the issuer's keys at ${issuer.url}/.well-known/jwks`,
    });
    expect(
      await rejection(verifier.verify(await issuer.mint('shiplog', { claims: { repository: undefined } }))),
    ).toEqual({
      status: 401,
      message: "OIDC token rejected: the 'repository' claim is missing or invalid",
    });
    const future = Math.floor(Date.now() / 1000) + 3600;
    expect(
      await rejection(verifier.verify(await issuer.mint('shiplog', { claims: { nbf: future } }))),
    ).toEqual({
      status: 401,
      message: "OIDC token rejected: its 'nbf' claim is in the future; check the clocks of the App's host",
    });
    expect(await rejection(verifier.verify('eyJhbGciOiJIUzI1NiJ9.e30.c2ln'))).toEqual({
      status: 401,
      message: "OIDC token rejected: algorithm 'HS256' is not accepted (RS256 only)",
    });
    expect(await rejection(verifier.verify('eyJub3QganNvbg.e30.c2ln'))).toMatchObject({
      status: 401,
      message: 'OIDC token rejected: it is not a well-formed signed JWT',
    });
  });

  it("answers 503 (retryable) when the issuer's keys cannot be fetched", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const verifier = new OidcVerifier({ issuer: `http://127.0.0.1:${port}`, audience: 'shiplog' });
    const token = await issuer.mint('shiplog');
    expect(await rejection(verifier.verify(token))).toEqual({
      status: 503,
      message: `The OIDC issuer's keys could not be fetched from http://127.0.0.1:${port}/.well-known/jwks (ECONNREFUSED); nothing was stored, retry later`,
    });
  });
});

describe('AuthService with OIDC', () => {
  const store = { getTokenByHash: async () => undefined };
  const verifier = {
    verify: async () => ({
      kind: 'oidc' as const,
      repository: 'acme/web',
      claims: { repository: 'acme/web' },
    }),
  };
  const jwtShaped = 'eyJhbGciOiJSUzI1NiJ9.eyJ4IjoxfQ.c2ln';

  it('sends JWT-shaped bearers to the verifier, and the admin token is still checked first', async () => {
    expect(looksLikeJwt(jwtShaped)).toBe(true);
    expect(looksLikeJwt('shp_abc')).toBe(false);
    const auth = new AuthService(store, jwtShaped, verifier);
    expect(await auth.authenticate(`Bearer ${jwtShaped}`)).toEqual({ kind: 'admin' });
    expect(
      await new AuthService(store, undefined, verifier).authenticate(`Bearer ${jwtShaped}`),
    ).toMatchObject({
      kind: 'oidc',
    });
  });

  it('without a verifier, treats a JWT like any unknown token', async () => {
    expect(
      await rejection(new AuthService(store, undefined).authenticate(`Bearer ${jwtShaped}`)),
    ).toMatchObject({
      status: 401,
      message: expect.stringMatching(/^Unknown or revoked API token/),
    });
  });
});

describe('requireProject for an OIDC principal', () => {
  const projects = [
    { id: 1, name: 'web', repo: 'Acme/Web', buildWorkflow: null, createdAt: '' },
    { id: 2, name: 'api', repo: 'acme/api', buildWorkflow: null, createdAt: '' },
  ];
  const store = {
    getProject: async (name: string) => projects.find((p) => p.name === name),
    listProjects: async () => projects,
    // As the store's repository index: matched case-insensitively.
    listProjectsByRepo: async (repo: string) =>
      projects.filter((p) => p.repo.toLowerCase() === repo.toLowerCase()),
    listEnvironments: async () => [],
  } as unknown as Store;
  const service = new ProjectService(store);
  const principal = { kind: 'oidc' as const, repository: 'acme/web', claims: { repository: 'acme/web' } };

  it("grants the projects of the token's repository, case-insensitively", async () => {
    await expect(service.requireProject(principal, 'web')).resolves.toMatchObject({ id: 1 });
    expect((await service.list(principal)).map((view) => view.project.name)).toEqual(['web']);
  });

  it('answers the same 404 for another repository and for a missing project', async () => {
    const other = await rejection(service.requireProject(principal, 'api'));
    const missing = await rejection(service.requireProject(principal, 'nope'));
    expect(other).toEqual({
      status: 404,
      message:
        "Project 'api' not found, or its repository is not 'acme/web' (the OIDC token's repository claim)",
    });
    expect(missing.status).toBe(404);
    expect(missing.message.replace('nope', 'api')).toBe(other.message);
  });
});
