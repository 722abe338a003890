/**
 * Default handlers for issue comments and their reactions, kept in `state.issueComments` and
 * `state.reactions`.
 *
 * @packageDocumentation
 */
import { actorFor, legacyNodeId, performedVia, timestamp } from '../github-objects.js';
import type { StubHandler } from '../handler-types.js';
import { isRecord, type JsonObject } from '../json.js';
import { isResponse, repoApiUrl, repoWebUrl, requireRepo } from './common.js';

/** `POST /repos/{owner}/{repo}/issues/{issue_number}/comments`. */
export const createIssueComment: StubHandler = (request, context) => {
  const found = requireRepo(request, context);
  if (isResponse(found)) return found;
  const body = request.body as { body: string };
  const issueNumber = Number(request.params.issue_number);
  const id = context.nextId();
  const now = timestamp();
  const api = repoApiUrl(context, found);
  const response: JsonObject = {
    ...context.example(201),
    id,
    node_id: legacyNodeId('IssueComment', id),
    url: `${api}/issues/comments/${id}`,
    html_url: `${repoWebUrl(context, found)}/issues/${issueNumber}#issuecomment-${id}`,
    body: body.body,
    user: actorFor(context, request.credential),
    created_at: now,
    updated_at: now,
    issue_url: `${api}/issues/${issueNumber}`,
    author_association: 'NONE',
    performed_via_github_app: performedVia(context, request.credential),
  };
  context.state.issueComments.push({
    repo: found.fullName,
    issueNumber,
    id,
    body: body.body,
    request: body,
    response,
  });
  return { status: 201, body: response };
};

/**
 * `POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions`: 201 for a new reaction, 200 when
 * the same user already reacted with that content (GitHub's behaviour).
 */
export const createReactionForIssueComment: StubHandler = (request, context) => {
  const found = requireRepo(request, context);
  if (isResponse(found)) return found;
  const content = (request.body as { content: string }).content;
  const commentId = Number(request.params.comment_id);
  const user = actorFor(context, request.credential);
  const existing = context.state.reactions.find(
    (r) =>
      r.repo === found.fullName &&
      r.commentId === commentId &&
      r.content === content &&
      isRecord(r.response.user) &&
      r.response.user.login === user.login,
  );
  if (existing) return { status: 200, body: existing.response };
  const id = context.nextId();
  const response: JsonObject = {
    ...context.example(201),
    id,
    node_id: legacyNodeId('Reaction', id),
    user,
    content,
    created_at: timestamp(),
  };
  context.state.reactions.push({
    repo: found.fullName,
    commentId,
    id,
    content,
    request: { content },
    response,
  });
  return { status: 201, body: response };
};
