/**
 * Default handler for pull requests, read from `repos[...].pulls`.
 *
 * @packageDocumentation
 */
import { accountId, legacyNodeId, retarget, simpleUser, timestamp } from '../github-objects.js';
import type { StubHandler } from '../handler-types.js';
import { isRecord, type JsonObject } from '../json.js';
import { defaultBranch } from '../state.js';
import { isResponse, repoApiUrl, repoWebUrl, requireRepo } from './common.js';

/** The repository the spec's examples describe. */
const EXAMPLE_REPO = 'octocat/Hello-World';

/**
 * `GET /repos/{owner}/{repo}/pulls/{pull_number}`: the spec's example, made to describe the pull request
 * in the state (number, head commit and branch, fork, open or closed, merged). Unknown numbers are 404.
 */
export const getPullRequest: StubHandler = (request, context) => {
  const found = requireRepo(request, context);
  if (isResponse(found)) return found;
  const number = Number(request.params.pull_number);
  const pull = found.repo.pulls?.[number];
  if (!pull) return context.error(404, 'Not Found');
  const example = retarget(context.example(200), EXAMPLE_REPO, found.fullName);
  const api = repoApiUrl(context, found);
  const web = repoWebUrl(context, found);
  const base = isRecord(example.base) ? example.base : {};
  const head = isRecord(example.head) ? example.head : {};
  const baseRepo = isRecord(base.repo) ? base.repo : {};
  const headRepoName = pull.headRepo ?? found.fullName;
  const [headOwner = found.owner] = headRepoName.split('/');
  const repoObject = (fullName: string, id: number): JsonObject => ({
    ...baseRepo,
    id,
    node_id: legacyNodeId('Repository', id),
    name: fullName.split('/')[1] ?? '',
    full_name: fullName,
    fork: fullName !== found.fullName,
    url: `${context.apiUrl}/repos/${fullName}`,
    html_url: `${context.webUrl}/${fullName}`,
  });
  const state = pull.state ?? 'open';
  const now = timestamp();
  return {
    status: 200,
    body: {
      ...example,
      id: 1_000_000 + number,
      node_id: legacyNodeId('PullRequest', number),
      number,
      url: `${api}/pulls/${number}`,
      diff_url: `${web}/pull/${number}.diff`,
      patch_url: `${web}/pull/${number}.patch`,
      html_url: `${web}/pull/${number}`,
      issue_url: `${api}/issues/${number}`,
      state,
      merged: pull.merged ?? false,
      closed_at: state === 'closed' ? now : null,
      merged_at: pull.merged ? now : null,
      user: simpleUser(context, pull.user ?? 'octocat', accountId(pull.user ?? 'octocat'), 'User'),
      // The example's requested team lacks the `type` its own schema requires; the stub models no reviewers.
      requested_reviewers: [],
      requested_teams: [],
      head: {
        ...head,
        label: `${headOwner}:${pull.headRef ?? `feature-${number}`}`,
        ref: pull.headRef ?? `feature-${number}`,
        sha: pull.headSha,
        repo: repoObject(headRepoName, found.repo.id + (pull.headRepo ? 500_000 : 0)),
      },
      base: {
        ...base,
        label: `${found.owner}:${defaultBranch(found.repo)}`,
        ref: defaultBranch(found.repo),
        sha: found.repo.commits.at(-1) ?? pull.headSha,
        repo: repoObject(found.fullName, found.repo.id),
      },
    },
  };
};
