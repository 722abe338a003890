/**
 * A pull-request conversation against the real App and the GitHub stub: `acme/web` configured by
 * `.github/shiplog.yml`, its collaborators, teams and pull requests, and helpers to comment, push and
 * read what Shiplog answered.
 */
import { expect } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app.js';
import { deliver } from '../../support/deliver.js';
import { githubState, sha } from '../../support/fixtures.js';
import { installationCreated } from '../../support/github-events.js';
import { startGitHubStub, type GitHubStub, type PullRequestState } from '../../support/github/stub.js';
import { issueComment, pullRequest, type CommentOptions } from '../../support/pull-request-events.js';

export const REPO = 'acme/web';
/** Head commits of the pull requests, known to the repository. */
export const HEADS = { 12: sha('pr-12'), 13: sha('pr-13'), 14: sha('pr-14'), 15: sha('pr-15') } as const;

/** `acme/web`'s configuration: staging without rules, production with a two-rule quorum. */
export const CONFIG = `projects:
  web:
    environments:
      staging:
        tier: staging
        deploy_workflow: deploy.yml
      production:
        tier: production
        approvals:
          - count: 2
            teams: ['@acme/sre']
          - count: 1
            teams: [security]
`;

/**
 * alice (write) opens #12; dave (write, @acme/sre) opens #14 and #15; #13 comes from eve's fork.
 * carol is in both teams, erin in security; bob can only read; mo administers.
 */
export const COLLABORATORS = {
  alice: 'write',
  bob: 'read',
  carol: 'write',
  dave: 'write',
  erin: 'write',
  eve: 'write',
  mo: 'admin',
};
export const TEAMS = { 'acme/sre': ['alice', 'carol', 'dave'], 'acme/security': ['carol', 'erin'] };
const PULLS: Record<number, PullRequestState> = {
  12: { headSha: HEADS[12], user: 'alice' },
  13: { headSha: HEADS[13], headRepo: 'eve/web', user: 'eve' },
  14: { headSha: HEADS[14], user: 'dave' },
  15: { headSha: HEADS[15], user: 'dave' },
};

export interface Conversation {
  readonly github: GitHubStub;
  readonly app: TestApp;
  /** Comments on pull request `number`; resolves once Shiplog has answered. Returns the comment id. */
  comment(number: number, author: string, body: string, options?: Partial<CommentOptions>): Promise<number>;
  /** The reply Shiplog wrote to a comment (the comment after it on the same pull request). */
  replyTo(commentId: number): string;
  /** Reactions Shiplog left on a comment, in order. */
  reactions(commentId: number): string[];
  /** Delivers `pull_request.<action>` for `number` at its current head. */
  pullRequestEvent(
    number: number,
    action: 'opened' | 'synchronize' | 'closed',
    options?: { updatedAt?: string; merged?: boolean },
  ): Promise<void>;
  /** Waits for mirroring to GitHub to settle. */
  mirrored(): Promise<void>;
  close(): Promise<void>;
}

export async function startConversation(
  options: { config?: string; now?: () => Date; env?: Record<string, string> } = {},
): Promise<Conversation> {
  const state = githubState();
  const repo = state.repos![REPO]!;
  repo.files = { '.github/shiplog.yml': options.config ?? CONFIG };
  repo.commits = [...repo.commits, ...Object.values(HEADS)];
  repo.collaborators = { ...COLLABORATORS };
  repo.pulls = structuredClone(PULLS);
  const github = await startGitHubStub({ state: { ...state, teams: structuredClone(TEAMS) } });
  const app = await startTestApp({
    github,
    ...(options.now ? { now: options.now } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  const installed = await deliver(app, 'installation', installationCreated([REPO], 77));
  expect(installed.status).toBe(200);
  /** Comment ids and where they were posted, for `replyTo`. */
  const posted = new Map<number, number>();

  return {
    github,
    app,
    async comment(number, author, body, extra = {}) {
      const payload = issueComment(REPO, number, { body, author, ...extra });
      const id = (payload.comment as { id: number }).id;
      posted.set(id, number);
      const response = await deliver(app, 'issue_comment', payload);
      expect(response.status).toBe(200);
      return id;
    },
    replyTo(commentId) {
      const number = posted.get(commentId);
      const replies = github.state.issueComments.filter(
        (c) => c.issueNumber === number && c.body.includes('\n\n') && c.body.startsWith('> '),
      );
      // Replies quote their command; the newest one answers the newest comment.
      const reply = replies.at(-1);
      if (!reply) throw new Error(`no reply on #${number}`);
      return reply.body;
    },
    reactions(commentId) {
      return github.state.reactions.filter((r) => r.commentId === commentId).map((r) => r.content);
    },
    async pullRequestEvent(number, action, extra = {}) {
      const head = github.state.repos[REPO]!.pulls![number]!.headSha;
      const response = await deliver(
        app,
        'pull_request',
        pullRequest(REPO, number, action, { headSha: head, ...extra }),
      );
      expect(response.status).toBe(200);
    },
    mirrored: () => app.shiplog.mirror.idle(),
    async close() {
      await app.close();
      await github.close();
    },
  };
}

/** A Shiplog deployment as the API shows it. */
export interface ApiDeployment {
  id: number;
  status: string;
  commit: string;
  release_candidate_version: string | null;
  statuses: { status: string; reason?: string }[];
  github: { deployment_id: number | null; state: string };
  workflow_run_id: number | null;
}

export async function deploymentsOf(app: TestApp, environment: string): Promise<ApiDeployment[]> {
  const response = await app.request(`/api/releases/web/environments/${environment}/deployments`);
  return (await response.json()) as ApiDeployment[];
}
