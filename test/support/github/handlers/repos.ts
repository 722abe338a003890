/**
 * Default handlers for repositories and commits.
 *
 * @packageDocumentation
 */
import { accountId, legacyNodeId, retarget, simpleUser } from '../github-objects.js';
import type { StubHandler } from '../handler-types.js';
import { defaultBranch, resolveRef } from '../state.js';
import { isResponse, repoApiUrl, repoWebUrl, requireRepo } from './common.js';

/** The repository the spec's examples describe. */
const EXAMPLE_REPO = 'octocat/Hello-World';

/** `GET /repos/{owner}/{repo}`. */
export const getRepo: StubHandler = (request, context) => {
  const found = requireRepo(request, context);
  if (isResponse(found)) return found;
  const body = retarget(context.example(200), EXAMPLE_REPO, found.fullName);
  // The example describes a fork of a template inside an organization; this repo is none of those.
  delete body.organization;
  delete body.parent;
  delete body.source;
  delete body.template_repository;
  const isPrivate = found.repo.private ?? false;
  return {
    status: 200,
    body: {
      ...body,
      id: found.repo.id,
      node_id: legacyNodeId('Repository', found.repo.id),
      name: found.name,
      full_name: found.fullName,
      owner: simpleUser(context, found.owner, accountId(found.owner), 'Organization'),
      private: isPrivate,
      visibility: isPrivate ? 'private' : 'public',
      fork: false,
      default_branch: defaultBranch(found.repo),
      // Required by `full-repository` but missing from the spec's own example.
      language: null,
    },
  };
};

/**
 * `GET /repos/{owner}/{repo}/commits/{ref}`: a full SHA, a unique prefix of one, or the default branch.
 * Anything else is GitHub's 422 `No commit found for SHA: <ref>`; an empty repository is 409.
 */
export const getCommit: StubHandler = (request, context) => {
  const found = requireRepo(request, context);
  if (isResponse(found)) return found;
  if (found.repo.commits.length === 0) return context.error(409, 'Git Repository is empty.');
  const ref = request.params.ref ?? '';
  const sha = resolveRef(found.repo, ref);
  if (!sha) return context.error(422, `No commit found for SHA: ${ref}`);
  const index = found.repo.commits.indexOf(sha);
  const parent = index > 0 ? found.repo.commits[index - 1] : undefined;
  const example = retarget(context.example(200), EXAMPLE_REPO, found.fullName);
  const commit = typeof example.commit === 'object' && !Array.isArray(example.commit) ? example.commit : {};
  const api = repoApiUrl(context, found);
  return {
    status: 200,
    body: {
      ...example,
      sha,
      node_id: legacyNodeId('Commit', sha),
      url: `${api}/commits/${sha}`,
      html_url: `${repoWebUrl(context, found)}/commit/${sha}`,
      comments_url: `${api}/commits/${sha}/comments`,
      commit: { ...commit, url: `${api}/git/commits/${sha}`, tree: { sha, url: `${api}/git/trees/${sha}` } },
      parents: parent
        ? [
            {
              sha: parent,
              url: `${api}/commits/${parent}`,
              html_url: `${repoWebUrl(context, found)}/commit/${parent}`,
            },
          ]
        : [],
      // The example's `files` lack the required `contents_url`; the stub models no diffs.
      stats: { total: 0, additions: 0, deletions: 0 },
      files: [],
    },
  };
};
