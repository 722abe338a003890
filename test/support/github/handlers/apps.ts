/**
 * Default handlers for GitHub App endpoints: the app itself, installations and installation tokens.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import {
  accountId,
  appIdentity,
  integration,
  legacyNodeId,
  retarget,
  simpleUser,
  timestamp,
} from '../github-objects.js';
import type { StubContext, StubHandler } from '../handler-types.js';
import type { JsonObject } from '../json.js';
import { reposOfInstallation, type FoundRepo } from '../state.js';
import { isResponse, requireRepo } from './common.js';

/** Permissions the stub's installations grant (and tokens get when they ask for none). */
const INSTALLATION_PERMISSIONS: Record<string, string> = {
  actions: 'write',
  checks: 'write',
  contents: 'read',
  deployments: 'write',
  issues: 'write',
  metadata: 'read',
  pull_requests: 'write',
};

/** Lifetime of an installation access token. */
const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

/** `GET /app`. */
export const getAuthenticated: StubHandler = (_request, context) => ({
  status: 200,
  body: integration(context),
});

/** `GET /repos/{owner}/{repo}/installation`: 404 unless the repo exists and has an `installationId`. */
export const getRepoInstallation: StubHandler = (request, context) => {
  const found = requireRepo(request, context);
  if (isResponse(found)) return found;
  const installationId = found.repo.installationId;
  if (installationId === undefined) return context.error(404, 'Not Found');
  return { status: 200, body: installation(context, found, installationId) };
};

interface TokenRequest {
  repositories?: string[];
  repository_ids?: number[];
  permissions?: Record<string, string>;
}

/** `POST /app/installations/{installation_id}/access_tokens`. */
export const createInstallationAccessToken: StubHandler = (request, context) => {
  const installationId = Number(request.params.installation_id);
  const installed = reposOfInstallation(context.state, installationId);
  if (installed.length === 0) return context.error(404, 'Not Found');

  const body = (request.body ?? {}) as TokenRequest;
  const names = body.repositories?.map((name) => name.toLowerCase());
  const ids = body.repository_ids;
  const selected =
    names || ids
      ? installed.filter((r) => names?.includes(r.name.toLowerCase()) || ids?.includes(r.repo.id))
      : undefined;
  if (selected && selected.length !== (names?.length ?? 0) + (ids?.length ?? 0)) {
    return context.error(
      422,
      'There is at least one repository that does not exist or is not accessible to the parent installation.',
    );
  }
  const permissions = body.permissions ?? INSTALLATION_PERMISSIONS;
  const denied = Object.entries(permissions).filter(
    ([name, level]) =>
      INSTALLATION_PERMISSIONS[name] === undefined ||
      (level === 'write' && INSTALLATION_PERMISSIONS[name] === 'read'),
  );
  if (denied.length > 0) {
    return context.error(422, 'The permissions requested are not granted to this installation.');
  }

  const token = `ghs_${randomBytes(27).toString('base64url').replace(/[-_]/g, 'x').slice(0, 36)}`;
  const expiresAt = timestamp(new Date(Date.now() + TOKEN_LIFETIME_MS));
  context.state.accessTokens.push({
    token,
    installationId,
    expiresAt,
    permissions,
    ...(selected ? { repositories: selected.map((r) => r.name) } : {}),
  });
  const example = context.example(201);
  const exampleRepository = Array.isArray(example.repositories) ? example.repositories[0] : undefined;
  const response: JsonObject = {
    token,
    expires_at: expiresAt,
    permissions,
    repository_selection: selected ? 'selected' : 'all',
  };
  if (
    selected &&
    exampleRepository &&
    typeof exampleRepository === 'object' &&
    !Array.isArray(exampleRepository)
  ) {
    response.repositories = selected.map((found) =>
      repository(context, found, exampleRepository as JsonObject),
    );
  }
  return { status: 201, body: response };
};

function installation(context: StubContext, found: FoundRepo, installationId: number): JsonObject {
  const example = context.example(200);
  const app = appIdentity(context);
  const account = simpleUser(context, found.owner, accountId(found.owner), 'Organization');
  return {
    ...example,
    id: installationId,
    account,
    repository_selection: 'all',
    access_tokens_url: `${context.apiUrl}/app/installations/${installationId}/access_tokens`,
    repositories_url: `${context.apiUrl}/installation/repositories`,
    html_url: `${context.webUrl}/organizations/${found.owner}/settings/installations/${installationId}`,
    app_id: app.id,
    app_slug: app.slug,
    target_id: accountId(found.owner),
    target_type: 'Organization',
    permissions: INSTALLATION_PERMISSIONS,
    events: ['deployment', 'deployment_status', 'issue_comment', 'push', 'workflow_run'],
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_at: null,
    suspended_by: null,
  };
}

/** A `repository` object for a token's repository list, from the spec example. */
function repository(context: StubContext, found: FoundRepo, example: JsonObject): JsonObject {
  return {
    ...retarget(example, 'octocat/Hello-World', found.fullName),
    id: found.repo.id,
    node_id: legacyNodeId('Repository', found.repo.id),
    name: found.name,
    full_name: found.fullName,
    owner: simpleUser(context, found.owner, accountId(found.owner), 'Organization'),
    private: found.repo.private ?? false,
    default_branch: found.repo.defaultBranch ?? 'main',
  };
}
