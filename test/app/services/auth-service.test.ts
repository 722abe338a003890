/** Authentication decisions, on a store that holds one live and one revoked token. */
import { describe, expect, it } from '@jest/globals';
import { AuthService, generateToken } from '../../../app/services/auth-service.js';
import type { TokenRecord } from '../../../app/store/records.js';

const live = generateToken();
const revoked = generateToken();

const record = (id: number, token: typeof live, revokedAt: string | null): TokenRecord => ({
  id,
  projectId: 7,
  name: `token ${id}`,
  hash: token.hash,
  prefix: token.prefix,
  createdAt: '2026-01-01T00:00:00.000Z',
  revokedAt,
});

function service(adminToken?: string): AuthService {
  const records = new Map<string, TokenRecord>([
    [live.hash, record(1, live, null)],
    [revoked.hash, record(2, revoked, '2026-01-02T00:00:00.000Z')],
  ]);
  return new AuthService({ getTokenByHash: async (hash) => records.get(hash) }, adminToken);
}

describe('AuthService', () => {
  it('knows the admin token and project tokens, and only by their whole value', async () => {
    const auth = service('admin-secret');
    expect(await auth.authenticate('Bearer admin-secret')).toEqual({ kind: 'admin' });
    expect(await auth.authenticate(`bearer ${live.token}`)).toEqual({
      kind: 'project',
      projectId: 7,
      tokenId: 1,
    });
    await expect(auth.authenticate('Bearer admin-secreT')).rejects.toMatchObject({ status: 401 });
    await expect(auth.authenticate(`Bearer ${live.token.slice(0, -1)}`)).rejects.toMatchObject({
      status: 401,
    });
  });

  it('refuses revoked tokens, missing headers and other schemes with 401', async () => {
    const auth = service();
    for (const header of [`Bearer ${revoked.token}`, undefined, '', `Basic ${live.token}`, 'Bearer']) {
      await expect(auth.authenticate(header)).rejects.toMatchObject({ status: 401 });
    }
    expect(auth.managementEnabled).toBe(false);
  });

  it('stores tokens as their SHA-256 and shows only a prefix', () => {
    expect(live.token).toMatch(/^shp_[A-Za-z0-9_-]{43}$/);
    expect(live.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(live.hash).not.toContain(live.token.slice(4, 20));
    expect(live.token.startsWith(live.prefix)).toBe(true);
    expect(live.prefix).toHaveLength(12);
  });
});

describe('AuthService, remembering project tokens', () => {
  function counted() {
    const records = new Map<string, TokenRecord>([[live.hash, record(1, live, null)]]);
    const store = {
      revision: 1 as number | undefined,
      lookups: 0,
      async getTokenByHash(hash: string) {
        store.lookups++;
        return records.get(hash);
      },
    };
    return { store, records, auth: new AuthService(store, 'admin-secret') };
  }

  it('answers a token found valid without a lookup or a promise while the store is unchanged', async () => {
    const { store, auth } = counted();
    const first = auth.authenticate(`Bearer ${live.token}`);
    expect(first).toBeInstanceOf(Promise);
    await first;
    expect(store.lookups).toBe(1);
    expect(auth.authenticate(`Bearer ${live.token}`)).toEqual({ kind: 'project', projectId: 7, tokenId: 1 });
    expect(store.lookups).toBe(1);
    expect(auth.authenticate('Bearer admin-secret')).toEqual({ kind: 'admin' });
  });

  it('looks again once the store changed, so a revoked token is refused at once', async () => {
    const { store, records, auth } = counted();
    await auth.authenticate(`Bearer ${live.token}`);
    records.set(live.hash, record(1, live, '2026-01-03T00:00:00.000Z'));
    store.revision = 2;
    await expect(auth.authenticate(`Bearer ${live.token}`)).rejects.toMatchObject({ status: 401 });
    expect(store.lookups).toBe(2);
  });

  it('remembers nothing when the store cannot tell its revision, or changed during the lookup', async () => {
    const { store, auth } = counted();
    store.revision = undefined;
    await auth.authenticate(`Bearer ${live.token}`);
    expect(auth.authenticate(`Bearer ${live.token}`)).toBeInstanceOf(Promise);

    store.revision = 5;
    const racing = auth.authenticate(`Bearer ${live.token}`);
    store.revision = 6;
    await racing;
    expect(auth.authenticate(`Bearer ${live.token}`)).toBeInstanceOf(Promise);
  });

  it('refuses a missing header with a rejected promise, never a throw', async () => {
    const { auth } = counted();
    const answer = auth.authenticate(undefined);
    expect(answer).toBeInstanceOf(Promise);
    await expect(answer).rejects.toMatchObject({ status: 401 });
  });
});
