/**
 * Builders for the small objects GitHub embeds everywhere (users, node ids, timestamps, URLs).
 *
 * @packageDocumentation
 */
import type { Credential } from './auth.js';
import type { StubContext } from './handler-types.js';
import { isRecord, type JsonObject, type JsonValue } from './json.js';

/** Id of the real `github-actions[bot]` user, the actor behind a workflow's `GITHUB_TOKEN`. */
const GITHUB_ACTIONS_BOT_ID = 41898282;

/**
 * A legacy GraphQL node id as GitHub issues them: base64 of `0<length of type>:<Type><id>`, e.g.
 * `MDEwOkRlcGxveW1lbnQx` = `010:Deployment1`.
 */
export function legacyNodeId(type: string, id: number | string): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString('base64');
}

/** ISO 8601 timestamp without milliseconds, as GitHub writes them (`2024-05-01T12:00:00Z`). */
export function timestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A `simple-user` object. */
export function simpleUser(context: StubContext, login: string, id: number, type: string): JsonObject {
  const url = `${context.apiUrl}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: legacyNodeId(type, id),
    avatar_url: `${context.webUrl}/avatars/u/${id}`,
    gravatar_id: '',
    url,
    html_url: `${context.webUrl}/${encodeURIComponent(login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type,
    site_admin: false,
  };
}

/** The app as configured in the state, with defaults. */
export function appIdentity(context: StubContext): { id: number; slug: string; name: string } {
  const app = context.state.app;
  return { id: app?.id ?? 1, slug: app?.slug ?? 'shiplog', name: app?.name ?? app?.slug ?? 'Shiplog' };
}

/**
 * The user GitHub records as the author of a write: the app's bot for tokens the stub issued, otherwise
 * `github-actions[bot]` (a workflow's `GITHUB_TOKEN`).
 */
export function actorFor(context: StubContext, credential: Credential): JsonObject {
  if (!isIssuedToken(context, credential))
    return simpleUser(context, 'github-actions[bot]', GITHUB_ACTIONS_BOT_ID, 'Bot');
  const app = appIdentity(context);
  return simpleUser(context, `${app.slug}[bot]`, 100_000 + app.id, 'Bot');
}

/** The app as an `integration` object (`GET /app`, `performed_via_github_app`, check runs' `app`). */
export function integration(context: StubContext): JsonObject {
  const example = rebaseUrls(
    context.spec.example('apps/get-authenticated', 200) as JsonValue,
    context.apiUrl,
    context.webUrl,
  );
  const app = appIdentity(context);
  return {
    ...(example as JsonObject),
    id: app.id,
    slug: app.slug,
    node_id: legacyNodeId('Integration', app.id),
    name: app.name,
    html_url: `${context.webUrl}/apps/${app.slug}`,
    permissions: {
      checks: 'write',
      contents: 'read',
      deployments: 'write',
      issues: 'write',
      metadata: 'read',
    },
    events: ['deployment', 'deployment_status', 'issue_comment', 'push', 'workflow_run'],
  };
}

/** `performed_via_github_app` of a write: the app for tokens the stub issued, else null. */
export function performedVia(context: StubContext, credential: Credential): JsonObject | null {
  return isIssuedToken(context, credential) ? integration(context) : null;
}

function isIssuedToken(context: StubContext, credential: Credential): boolean {
  return credential.kind === 'token' && context.state.accessTokens.some((t) => t.token === credential.token);
}

/** Applies `edit` to every string in JSON data (deep). */
export function mapStrings(value: JsonValue, edit: (text: string) => string): JsonValue {
  if (typeof value === 'string') return edit(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, edit));
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, edit)]));
}

/** Rewrites `https://api.github.com` and `https://github.com` URLs in example data to the stub's URLs. */
export function rebaseUrls(value: JsonValue, apiUrl: string, webUrl: string): JsonValue {
  return mapStrings(value, (text) => {
    if (text.startsWith('https://api.github.com'))
      return apiUrl + text.slice('https://api.github.com'.length);
    if (text.startsWith('https://github.com')) return webUrl + text.slice('https://github.com'.length);
    return text;
  });
}

/** Points an example at another repository: every `exampleRepo` (`octocat/Hello-World`) in its strings becomes `fullName`. */
export function retarget(value: JsonObject, exampleRepo: string, fullName: string): JsonObject {
  return mapStrings(value, (text) => text.split(exampleRepo).join(fullName)) as JsonObject;
}

/** A stable positive id for an account name (the stub has no user table). */
export function accountId(login: string): number {
  let hash = 7;
  for (const char of login.toLowerCase()) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_000;
  return 1_000_000 + hash;
}
