/**
 * A stand-in for GitHub's OIDC side, served from the test: the runner's ID-token endpoint
 * (`ACTIONS_ID_TOKEN_REQUEST_URL`, answering `{"value": jwt}`) and the issuer's JWKS
 * (`<issuer>/.well-known/jwks`). Tokens are minted with jose and a key generated here, with GitHub's
 * claim set; a test can change the next tokens' claims or key.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export const ID_TOKEN_REQUEST_TOKEN = 'runner-request-token';

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** What the next minted token looks like. */
export interface MintOptions {
  /** Claims to add or override (`repository`, `exp`, `iss`, ...). */
  readonly claims?: Record<string, unknown>;
  /** Sign with a key the JWKS does not publish. */
  readonly unknownKey?: boolean;
}

export interface OidcIssuer {
  /** The issuer (`iss`) and JWKS base: `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** `ACTIONS_ID_TOKEN_REQUEST_URL` / `_TOKEN`, as the runner sets them with `id-token: write`. */
  readonly runnerEnv: Record<string, string>;
  /** Audiences the Action asked tokens for, in order. */
  readonly audiences: string[];
  /** How often the App fetched the JWKS. */
  jwksFetches: number;
  /** When the token service was asked, in ms since the epoch, in order. */
  readonly tokenRequests: number[];
  /** Answers the token service gives before minting again, first first (e.g. a 503 with `Retry-After`). */
  readonly tokenServiceFailures: { status: number; retryAfter?: string }[];
  /** Shapes every token minted from now on (until changed again). */
  next: MintOptions;
  /** Key rotation: the JWKS starts publishing the key `unknownKey` tokens are signed with. */
  publishUnknownKey(): void;
  mint(audience: string, options?: MintOptions): Promise<string>;
  close(): Promise<void>;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

export async function startOidcIssuer(): Promise<OidcIssuer> {
  const trusted = await signingKey('trusted-key');
  const rogue = await signingKey('rogue-key');
  const published = [trusted.publicJwk];
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const issuer: OidcIssuer = {
    url,
    runnerEnv: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${url}/runner/idtoken?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: ID_TOKEN_REQUEST_TOKEN,
    },
    audiences: [],
    jwksFetches: 0,
    tokenRequests: [],
    tokenServiceFailures: [],
    next: {},
    publishUnknownKey() {
      published.push(rogue.publicJwk);
    },
    async mint(audience, options = issuer.next) {
      const key = options.unknownKey ? rogue : trusted;
      const now = Math.floor(Date.now() / 1000);
      // GitHub's claim set for a push to main (https://docs.github.com/actions/reference/openid-connect-reference).
      const claims = {
        iss: url,
        aud: audience,
        sub: 'repo:acme/web:ref:refs/heads/main',
        repository: 'acme/web',
        repository_owner: 'acme',
        repository_id: '1001',
        ref: 'refs/heads/main',
        ref_type: 'branch',
        sha: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
        workflow: 'Deploy',
        job_workflow_ref: 'acme/web/.github/workflows/deploy.yml@refs/heads/main',
        event_name: 'push',
        run_id: '4242',
        run_number: '17',
        run_attempt: '1',
        actor: 'octocat',
        runner_environment: 'github-hosted',
        jti: randomUUID(),
        nbf: now - 5,
        iat: now,
        exp: now + 300,
        ...options.claims,
      };
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
        .sign(key.privateKey);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const target = new URL(request.url ?? '/', url);
    const send = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (request.method === 'GET' && target.pathname === '/.well-known/jwks') {
      issuer.jwksFetches++;
      return send(200, { keys: published });
    }
    if (request.method === 'GET' && target.pathname === '/runner/idtoken') {
      if (request.headers.authorization !== `Bearer ${ID_TOKEN_REQUEST_TOKEN}`)
        return send(401, { message: 'Unauthorized' });
      issuer.tokenRequests.push(Date.now());
      const failure = issuer.tokenServiceFailures.shift();
      if (failure) {
        const headers = failure.retryAfter ? { 'retry-after': failure.retryAfter } : {};
        response.writeHead(failure.status, { 'content-type': 'application/json', ...headers });
        return response.end(JSON.stringify({ message: 'try again' }));
      }
      const audience = target.searchParams.get('audience') ?? url;
      issuer.audiences.push(audience);
      void issuer.mint(audience).then((value) => send(200, { count: 1, value }));
      return;
    }
    send(404, { message: 'Not Found' });
  });
  return issuer;
}
