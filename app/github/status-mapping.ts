/**
 * Shiplog statuses on GitHub Deployments. One Shiplog status is one GitHub deployment status.
 */
import type { DeploymentStatus } from '../../shared/deployment-status.js';
import type { GitHubDeploymentState } from './gateway.js';

/** Maps a Shiplog status to GitHub's state and a description (the README's mirroring table). */
export function githubStateFor(status: DeploymentStatus): {
  state: GitHubDeploymentState;
  description: string;
} {
  switch (status) {
    case 'blocked':
      // GitHub's `queued`: the deployment waits; it starts once Shiplog's approval rules are met.
      return { state: 'queued', description: 'Waiting for approvals in Shiplog' };
    case 'pending':
      return { state: 'pending', description: 'Pending in Shiplog' };
    case 'in_progress':
      return { state: 'in_progress', description: 'Deploying' };
    case 'canceling':
      return { state: 'in_progress', description: 'Canceling' };
    case 'success':
      return { state: 'success', description: 'Deployed' };
    case 'failure':
      return { state: 'failure', description: 'Deployment failed' };
    case 'canceled':
      // Not `inactive`: that means "was live, since superseded", and GitHub hides it as history.
      return { state: 'error', description: 'Canceled' };
    case 'unknown':
      return { state: 'error', description: 'Status unknown: no report in time' };
  }
}
