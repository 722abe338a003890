/** Shared test data: a repository the App is installed on, with its commits. */
import { createHash } from 'node:crypto';
import type { GitHubState } from './github/stub.js';
import { generateTestPrivateKey } from './github/app-credentials.js';

/** A deterministic 40-hex SHA. */
export const sha = (seed: string): string => createHash('sha1').update(seed).digest('hex');

export const COMMITS = ['first', 'second', 'third'].map(sha) as [string, string, string];

/** GitHub state: `acme/web` installed, `acme/private` existing without the App, and the App's key. */
export function githubState(): Partial<GitHubState> {
  return {
    app: { id: 4242, slug: 'shiplog', privateKey: generateTestPrivateKey() },
    repos: {
      'acme/web': { id: 1001, installationId: 77, commits: [...COMMITS] },
      'acme/private': { id: 1002, commits: [sha('private')] },
    },
  };
}
