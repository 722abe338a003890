/**
 * The GitHub App permissions each REST call of the gateway needs. app.yml must grant exactly the
 * strongest level per permission listed here (a test holds the two together, and holds this table
 * against the routes the gateway calls).
 */
export type PermissionLevel = 'read' | 'write';

export const ROUTE_PERMISSIONS: Record<string, readonly [permission: string, level: PermissionLevel]> = {
  'GET /repos/{owner}/{repo}/installation': ['metadata', 'read'],
  'GET /repos/{owner}/{repo}': ['metadata', 'read'],
  'GET /repos/{owner}/{repo}/commits/{ref}': ['contents', 'read'],
  'GET /repos/{owner}/{repo}/contents/{path}': ['contents', 'read'],
  'GET /repos/{owner}/{repo}/deployments': ['deployments', 'read'],
  'POST /repos/{owner}/{repo}/deployments': ['deployments', 'write'],
  'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': ['deployments', 'write'],
  'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches': ['actions', 'write'],
  'POST /repos/{owner}/{repo}/check-runs': ['checks', 'write'],
  // Pull-request commands: who asks, their pull request, the 👀/🚀/👎 reactions and the reply.
  'GET /repos/{owner}/{repo}/collaborators/{username}/permission': ['metadata', 'read'],
  'GET /orgs/{org}/teams/{team_slug}/memberships/{username}': ['members', 'read'],
  'GET /repos/{owner}/{repo}/pulls/{pull_number}': ['pull_requests', 'read'],
  'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions': ['issues', 'write'],
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': ['issues', 'write'],
  // Shiplog's answer as a custom deployment protection rule.
  'POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule': ['deployments', 'write'],
};

/** Permissions the subscribed webhook events need (GitHub refuses the subscription without them). */
export const EVENT_PERMISSIONS: Record<string, readonly [permission: string, level: PermissionLevel]> = {
  push: ['contents', 'read'],
  deployment: ['deployments', 'read'],
  deployment_status: ['deployments', 'read'],
  workflow_job: ['actions', 'read'],
  workflow_run: ['actions', 'read'],
  issue_comment: ['issues', 'read'],
  pull_request: ['pull_requests', 'read'],
  deployment_protection_rule: ['deployments', 'read'],
};

/** The strongest level needed of each permission. */
export function requiredPermissions(): Record<string, PermissionLevel> {
  const required: Record<string, PermissionLevel> = {};
  for (const [permission, level] of [
    ...Object.values(ROUTE_PERMISSIONS),
    ...Object.values(EVENT_PERMISSIONS),
  ]) {
    if (required[permission] !== 'write') required[permission] = level;
  }
  return required;
}
