/**
 * Default handlers for check runs, kept in `state.checkRuns`.
 *
 * @packageDocumentation
 */
import { integration, legacyNodeId, timestamp } from '../github-objects.js';
import type { StubHandler } from '../handler-types.js';
import type { JsonObject } from '../json.js';
import type { CheckRunRecord } from '../state.js';
import { isResponse, repoApiUrl, repoWebUrl, requireRepo } from './common.js';

interface CheckRunBody {
  name?: string;
  head_sha?: string;
  details_url?: string;
  external_id?: string;
  status?: string;
  conclusion?: string;
  started_at?: string;
  completed_at?: string;
  output?: { title?: string; summary?: string; text?: string; annotations?: unknown[] };
}

/** `POST /repos/{owner}/{repo}/check-runs`: `head_sha` must be a full SHA of one of the repo's commits. */
export const createCheckRun: StubHandler = (request, context) => {
  const found = requireRepo(request, context);
  if (isResponse(found)) return found;
  const body = request.body as CheckRunBody & { name: string; head_sha: string };
  if (!found.repo.commits.includes(body.head_sha)) {
    return context.error(422, `No commit found for SHA: ${body.head_sha}`);
  }
  const id = context.nextId();
  const url = `${repoApiUrl(context, found)}/check-runs/${id}`;
  const example = context.example(201);
  const record: CheckRunRecord = {
    repo: found.fullName,
    id,
    name: body.name,
    headSha: body.head_sha,
    status: 'queued',
    conclusion: null,
    request: body as unknown as JsonObject,
    updates: [],
    response: {
      ...example,
      id,
      head_sha: body.head_sha,
      node_id: legacyNodeId('CheckRun', id),
      external_id: '',
      url,
      html_url: `${repoWebUrl(context, found)}/runs/${id}`,
      details_url: null,
      status: 'queued',
      conclusion: null,
      started_at: timestamp(),
      completed_at: null,
      output: {
        title: null,
        summary: null,
        text: null,
        annotations_count: 0,
        annotations_url: `${url}/annotations`,
      },
      name: body.name,
      check_suite: { id: context.nextId() },
      app: integration(context),
      pull_requests: [],
    },
  };
  apply(record, body);
  context.state.checkRuns.push(record);
  return { status: 201, body: record.response };
};

/** `PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}`. */
export const updateCheckRun: StubHandler = (request, context) => {
  const found = requireRepo(request, context);
  if (isResponse(found)) return found;
  const id = Number(request.params.check_run_id);
  const record = context.state.checkRuns.find((run) => run.repo === found.fullName && run.id === id);
  if (!record) return context.error(404, 'Not Found');
  const body = request.body as CheckRunBody;
  record.updates.push(body as unknown as JsonObject);
  apply(record, body);
  return { status: 200, body: record.response };
};

/** Merges a create/update body into the record the way GitHub does: a conclusion completes the run. */
function apply(record: CheckRunRecord, body: CheckRunBody): void {
  const response = record.response;
  if (body.name !== undefined) response.name = record.name = body.name;
  if (body.details_url !== undefined) response.details_url = body.details_url;
  if (body.external_id !== undefined) response.external_id = body.external_id;
  if (body.started_at !== undefined) response.started_at = body.started_at;
  if (body.status !== undefined) response.status = record.status = body.status;
  if (body.conclusion !== undefined) {
    response.conclusion = record.conclusion = body.conclusion;
    response.status = record.status = 'completed';
  }
  if (record.status === 'completed')
    response.completed_at = body.completed_at ?? response.completed_at ?? timestamp();
  if (body.output) {
    const previous = response.output as JsonObject;
    response.output = {
      ...previous,
      title: body.output.title ?? previous.title ?? null,
      summary: body.output.summary ?? previous.summary ?? null,
      text: body.output.text ?? previous.text ?? null,
      annotations_count: Number(previous.annotations_count ?? 0) + (body.output.annotations?.length ?? 0),
    };
  }
}
