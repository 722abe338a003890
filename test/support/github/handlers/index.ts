/**
 * The stub's default handlers, by operationId.
 *
 * @packageDocumentation
 */
import type { StubHandler } from '../handler-types.js';
import { createWorkflowDispatch, reviewCustomGatesForRun } from './actions.js';
import { createInstallationAccessToken, getAuthenticated, getRepoInstallation } from './apps.js';
import { createCheckRun, updateCheckRun } from './checks.js';
import { getCollaboratorPermission, getTeamMembership } from './collaborators.js';
import { getContent } from './contents.js';
import {
  createDeployment,
  createDeploymentStatus,
  getDeployment,
  listDeployments,
  listDeploymentStatuses,
} from './deployments.js';
import { createIssueComment, createReactionForIssueComment } from './issues.js';
import { getPullRequest } from './pulls.js';
import { getCommit, getRepo } from './repos.js';

/** Handlers the stub uses unless a test overrides them with `stub.on()`. */
export const defaultHandlers: Readonly<Record<string, StubHandler>> = {
  'apps/get-authenticated': getAuthenticated,
  'apps/get-repo-installation': getRepoInstallation,
  'apps/create-installation-access-token': createInstallationAccessToken,
  'repos/get': getRepo,
  'repos/get-commit': getCommit,
  'repos/get-content': getContent,
  'repos/create-deployment': createDeployment,
  'repos/list-deployments': listDeployments,
  'repos/get-deployment': getDeployment,
  'repos/create-deployment-status': createDeploymentStatus,
  'repos/list-deployment-statuses': listDeploymentStatuses,
  'checks/create': createCheckRun,
  'checks/update': updateCheckRun,
  'actions/create-workflow-dispatch': createWorkflowDispatch,
  'issues/create-comment': createIssueComment,
  'reactions/create-for-issue-comment': createReactionForIssueComment,
  'pulls/get': getPullRequest,
  'repos/get-collaborator-permission-level': getCollaboratorPermission,
  'teams/get-membership-for-user-in-org': getTeamMembership,
  'actions/review-custom-gates-for-run': reviewCustomGatesForRun,
};
