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
