/**
 * Who is calling: the admin (SHIPLOG_ADMIN_TOKEN), a project token, or a workflow with a GitHub OIDC
 * token. Tokens are stored as SHA-256 hashes and compared in constant time.
 */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { unauthorized } from '../errors.js';
import { messages } from '../messages.js';
import type { StoreReader } from '../store/store.js';
import { looksLikeJwt, type OidcPrincipal, type OidcVerifier } from './oidc-verifier.js';

export type Principal =
  | { readonly kind: 'admin' }
  | { readonly kind: 'project'; readonly projectId: number; readonly tokenId: number }
  | OidcPrincipal;

const TOKEN_PREFIX = 'shp_';
const DISPLAYED_CHARACTERS = 8;

/** The SHA-256 of a token, in hex: what the store keeps and looks tokens up by. */
const hashToken = (token: string): string => hash('sha256', token, 'hex');

/** Compares two hex digests in constant time. */
const sameDigest = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1'));

/** A new random project token, its stored hash, and the prefix shown in lists. */
export function generateToken(): { token: string; hash: string; prefix: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return {
    token,
    hash: hashToken(token),
    prefix: token.slice(0, TOKEN_PREFIX.length + DISPLAYED_CHARACTERS),
  };
}

export class AuthService {
  private readonly adminHash: string | undefined;

  constructor(
    private readonly store: Pick<StoreReader, 'getTokenByHash'>,
    adminToken: string | undefined,
    /** Verifies JWT-shaped bearer tokens; without it they are looked up like any other token. */
    private readonly oidc?: Pick<OidcVerifier, 'verify'>,
  ) {
    this.adminHash = adminToken === undefined ? undefined : hashToken(adminToken);
  }

  get managementEnabled(): boolean {
    return this.adminHash !== undefined;
  }

  /** Authenticates an `Authorization` header value; 401 when missing, malformed, unknown or revoked. */
  async authenticate(authorization: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const token = match?.[1];
    if (!token) throw unauthorized(messages.missingToken);
    const digest = hashToken(token);
    if (this.adminHash && sameDigest(digest, this.adminHash)) return { kind: 'admin' };
    if (this.oidc && looksLikeJwt(token)) return this.oidc.verify(token);
    const record = await this.store.getTokenByHash(digest);
    // The index lookup found it by hash; compare again in constant time so the decision never depends
    // on a short-circuiting comparison of secret-derived bytes.
    if (!record || record.revokedAt !== null || !sameDigest(record.hash, digest)) {
      throw unauthorized(messages.unknownToken);
    }
    return { kind: 'project', projectId: record.projectId, tokenId: record.id };
  }
}
