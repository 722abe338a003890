/**
 * Default handler for `workflow_dispatch`, kept in `state.dispatches`.
 *
 * @packageDocumentation
 */
import type { StubHandler } from '../handler-types.js';
import type { JsonObject } from '../json.js';
import { isDefaultBranchRef } from '../state.js';
import { isResponse, repoApiUrl, repoWebUrl, requireRepo } from './common.js';

interface DispatchBody {
  ref: string;
  inputs?: JsonObject;
  return_run_details?: boolean;
}

/**
 * `POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches`: 204, or 200 with the run's ids
 * when `return_run_details` is true. `ref` must be a branch (the stub knows only the default branch);
 * GitHub answers 422 `No ref found for: <ref>` otherwise. Inputs are not checked against the workflow file.
 */
export const createWorkflowDispatch: StubHandler = (request, context) => {
  const found = requireRepo(request, context);
  if (isResponse(found)) return found;
  const body = request.body as DispatchBody;
  if (!isDefaultBranchRef(found.repo, body.ref)) return context.error(422, `No ref found for: ${body.ref}`);
  context.state.dispatches.push({
    repo: found.fullName,
    workflowId: request.params.workflow_id ?? '',
    ref: body.ref,
    inputs: body.inputs ?? {},
    request: body as unknown as JsonObject,
  });
  if (body.return_run_details !== true) return { status: 204 };
  const runId = context.nextId();
  return {
    status: 200,
    body: {
      workflow_run_id: runId,
      run_url: `${repoApiUrl(context, found)}/actions/runs/${runId}`,
      html_url: `${repoWebUrl(context, found)}/actions/runs/${runId}`,
    },
  };
};

interface ProtectionRuleReviewBody {
  environment_name: string;
  state?: string;
  comment?: string;
}

/**
 * `POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule`: 204, kept in
 * `state.protectionRuleReviews`. With `state` it approves or rejects; with only `comment` it is a note
 * and the rule keeps waiting.
 */
export const reviewCustomGatesForRun: StubHandler = (request, context) => {
  const found = requireRepo(request, context);
  if (isResponse(found)) return found;
  const body = request.body as ProtectionRuleReviewBody;
  context.state.protectionRuleReviews.push({
    repo: found.fullName,
    runId: Number(request.params.run_id),
    environment: body.environment_name,
    state: body.state,
    comment: body.comment,
    request: body as unknown as JsonObject,
  });
  return { status: 204 };
};
