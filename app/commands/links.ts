/**
 * The links a reply gives for a deployment: its Shiplog record, its environment's deployments on
 * GitHub, and its workflow run.
 */
import type { DeploymentView } from '../services/deployment-service.js';

/** `https://github.com/acme/web` from a pull request's `https://github.com/acme/web/pull/12`. */
export const repoWebUrl = (pullRequestUrl: string): string => pullRequestUrl.replace(/\/pull\/\d+\/?$/, '');

/** Markdown links for a reply; the Shiplog link is a path when `SHIPLOG_URL` is not configured. */
export function deploymentLinks(
  view: DeploymentView,
  githubEnvironment: string,
  options: { readonly publicUrl: string | undefined; readonly repoWebUrl: string },
): string[] {
  const path = `/api/releases/${encodeURIComponent(view.project.name)}/deployments/${view.deployment.id}`;
  const runUrl = view.deployment.workflow?.runUrl ?? null;
  return [
    options.publicUrl
      ? `Shiplog: [deployment ${view.deployment.id}](${options.publicUrl.replace(/\/$/, '')}${path})`
      : `Shiplog: \`GET ${path}\``,
    `GitHub: [${githubEnvironment} deployments](${options.repoWebUrl}/deployments/${encodeURIComponent(githubEnvironment)})`,
    ...(runUrl ? [`Workflow run: ${runUrl}`] : []),
  ];
}
