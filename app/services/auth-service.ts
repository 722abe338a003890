/**
 * Who is calling: the admin (SHIPLOG_ADMIN_TOKEN), a project token, or a workflow with a GitHub OIDC
 * token. Tokens are stored as SHA-256 hashes; the admin token is compared in constant time.
 */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { unauthorized } from '../errors.js';
import { messages } from '../messages.js';
import { RevisionMemo } from '../store/revision-memo.js';
import type { Store, StoreReader } from '../store/store.js';
import { looksLikeJwt, type OidcPrincipal, type OidcVerifier } from './oidc-verifier.js';

export type Principal =
  | { readonly kind: 'admin' }
  | { readonly kind: 'project'; readonly projectId: number; readonly tokenId: number }
  | OidcPrincipal;

const TOKEN_PREFIX = 'shp_';
const ADMIN: Principal = Object.freeze({ kind: 'admin' });
const DISPLAYED_CHARACTERS = 8;

/** The SHA-256 of a token, in hex: what the store keeps and looks tokens up by. */
const hashToken = (token: string): string => hash('sha256', token, 'hex');

/** A new random project token, its stored hash, and the prefix shown in lists. */
export function generateToken(): { token: string; hash: string; prefix: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return {
    token,
    hash: hashToken(token),
    prefix: token.slice(0, TOKEN_PREFIX.length + DISPLAYED_CHARACTERS),
  };
}

/** Project tokens remembered at most; past it, the earliest remembered are forgotten. */
const KNOWN_TOKENS = 10_000;

export class AuthService {
  /**
   * The admin token's SHA-256 in hex, as bytes, for the constant-time comparison (a digest's hex text is
   * ASCII, so `latin1` turns it into bytes without decoding it).
   */
  private readonly adminDigest: Buffer | undefined;
  /** Project tokens found valid since the store last changed, by digest: a revocation is a write. */
  private readonly known: RevisionMemo<Principal>;

  constructor(
    private readonly store: Pick<StoreReader, 'getTokenByHash'> & Partial<Pick<Store, 'revision'>>,
    adminToken: string | undefined,
    /** Verifies JWT-shaped bearer tokens; without it they are looked up like any other token. */
    private readonly oidc?: Pick<OidcVerifier, 'verify'>,
  ) {
    this.known = new RevisionMemo(
      () => store.revision,
      KNOWN_TOKENS,
      () => 1,
    );
    this.adminDigest = adminToken === undefined ? undefined : Buffer.from(hashToken(adminToken), 'latin1');
  }

  get managementEnabled(): boolean {
    return this.adminDigest !== undefined;
  }

  /**
   * Authenticates an `Authorization` header value: the caller, or a promise of it that rejects with a
   * 401 when the header is missing or malformed or the token unknown or revoked. The caller comes
   * without a promise when no wait is needed: the admin token, and project tokens found valid since the
   * store last changed. Never throws.
   */
  authenticate(authorization: string | undefined): Principal | Promise<Principal> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const token = match?.[1];
    if (!token) return Promise.reject(unauthorized(messages.missingToken));
    const digest = hashToken(token);
    if (this.adminDigest && timingSafeEqual(Buffer.from(digest, 'latin1'), this.adminDigest)) return ADMIN;
    if (this.oidc && looksLikeJwt(token)) return this.oidc.verify(token);
    return this.known.get(digest) ?? this.lookUp(digest, this.known.now());
  }

  /** A project token by its digest; remembered if the store did not change meanwhile. */
  private async lookUp(digest: string, revision: number | undefined): Promise<Principal> {
    // Project tokens are looked up by their digest, never compared as text: the lookup's timing can tell
    // at most something about a stored SHA-256 digest, and a digest does not lead back to its token.
    const record = await this.store.getTokenByHash(digest);
    if (!record || record.revokedAt !== null) throw unauthorized(messages.unknownToken);
    const principal: Principal = { kind: 'project', projectId: record.projectId, tokenId: record.id };
    this.known.remember(digest, principal, revision);
    return principal;
  }
}
