/**
 * Who is calling: the admin (SHIPLOG_ADMIN_TOKEN), a project token, or a workflow with a GitHub OIDC
 * token. Tokens are stored as SHA-256 hashes; the admin token is compared in constant time.
 */
import { hash, randomBytes } from 'node:crypto';
import { unauthorized } from '../errors.js';
import { messages } from '../messages.js';
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

/**
 * Compares two digests in constant time: every character is looked at whatever differs, and no buffer
 * is allocated (a hex digest is ASCII, so its characters are its bytes).
 */
export function sameDigest(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** A new random project token, its stored hash, and the prefix shown in lists. */
export function generateToken(): { token: string; hash: string; prefix: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return {
    token,
    hash: hashToken(token),
    prefix: token.slice(0, TOKEN_PREFIX.length + DISPLAYED_CHARACTERS),
  };
}

/** Project tokens remembered at most; past it, the memory starts over. */
const KNOWN_TOKENS_LIMIT = 10_000;

export class AuthService {
  private readonly adminHash: string | undefined;
  /**
   * Project tokens recently found valid, by digest, at {@link knownAt}: the store's revision then. Any
   * write moves the revision (a revocation among them) and the memory is dropped, so a remembered token
   * is never one the store no longer accepts; it only saves the lookup and its wait.
   */
  private readonly known = new Map<string, Principal>();
  private knownAt: number | undefined;

  constructor(
    private readonly store: Pick<StoreReader, 'getTokenByHash'> & Partial<Pick<Store, 'revision'>>,
    adminToken: string | undefined,
    /** Verifies JWT-shaped bearer tokens; without it they are looked up like any other token. */
    private readonly oidc?: Pick<OidcVerifier, 'verify'>,
  ) {
    this.adminHash = adminToken === undefined ? undefined : hashToken(adminToken);
  }

  get managementEnabled(): boolean {
    return this.adminHash !== undefined;
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
    if (this.adminHash !== undefined && sameDigest(digest, this.adminHash)) return ADMIN;
    if (this.oidc && looksLikeJwt(token)) return this.oidc.verify(token);
    const revision = this.store.revision;
    if (revision !== undefined && revision === this.knownAt) {
      const known = this.known.get(digest);
      if (known) return known;
    }
    return this.lookUp(digest, revision);
  }

  /** A project token by its digest; remembered if the store did not change meanwhile. */
  private async lookUp(digest: string, revision: number | undefined): Promise<Principal> {
    // Project tokens are looked up by their digest, never compared as text: the lookup's timing can tell
    // at most something about a stored SHA-256 digest, and a digest does not lead back to its token.
    const record = await this.store.getTokenByHash(digest);
    if (!record || record.revokedAt !== null) throw unauthorized(messages.unknownToken);
    const principal: Principal = { kind: 'project', projectId: record.projectId, tokenId: record.id };
    if (revision !== undefined && revision === this.store.revision)
      this.remember(digest, principal, revision);
    return principal;
  }

  private remember(digest: string, principal: Principal, revision: number): void {
    if (revision !== this.knownAt || this.known.size >= KNOWN_TOKENS_LIMIT) {
      this.known.clear();
      this.knownAt = revision;
    }
    this.known.set(digest, principal);
  }
}
