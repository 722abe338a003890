/**
 * Default handler for `GET /repos/{owner}/{repo}/contents/{path}`, served from `repo.files`.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import type { StubContext, StubHandler, StubRequest } from '../handler-types.js';
import type { JsonObject } from '../json.js';
import { defaultBranch, resolveRef, type FoundRepo } from '../state.js';
import { isResponse, repoApiUrl, repoWebUrl, requireRepo } from './common.js';

/**
 * Content type GitHub answers the raw media type with. Octokit reads a body as text only when the type is
 * `text/*` or carries `charset=utf-8`; Probot's `context.config()` relies on that.
 */
export const RAW_CONTENT_TYPE = 'application/vnd.github.v3.raw; charset=utf-8';

/**
 * Files on the default branch (any `ref` that resolves to a commit serves the same files). With an
 * `Accept` asking for the raw media type a file is sent as plain text; otherwise, and for directories, as
 * GitHub's JSON content objects. A missing repo (such as Probot's fallback `{owner}/.github`) or path is 404.
 */
export const getContent: StubHandler = (request, context) => {
  const found = requireRepo(request, context);
  if (isResponse(found)) return found;
  const ref = request.query.ref;
  if (ref !== undefined && !resolveRef(found.repo, ref))
    return context.error(404, `No commit found for the ref ${ref}`);
  const path = (request.params.path ?? '').replace(/^\/+|\/+$/g, '');
  const files = found.repo.files ?? {};
  const content = files[path];
  if (content !== undefined) {
    if (wantsRaw(request)) {
      return {
        status: 200,
        raw: content,
        headers: { 'content-type': RAW_CONTENT_TYPE, 'x-github-media-type': 'github.v3; param=raw' },
      };
    }
    return {
      status: 200,
      body: {
        ...entry(context, found, path, 'file', content),
        content: wrapBase64(content),
        encoding: 'base64',
      },
    };
  }
  const listing = directory(context, found, path, Object.keys(files));
  return listing.length > 0 ? { status: 200, body: listing } : context.error(404, 'Not Found');
};

function wantsRaw(request: StubRequest): boolean {
  return /application\/vnd\.github(\.v3)?\.raw/.test(request.headers.accept ?? '');
}

function directory(context: StubContext, found: FoundRepo, path: string, paths: string[]): JsonObject[] {
  const prefix = path === '' ? '' : `${path}/`;
  const children = new Map<string, 'file' | 'dir'>();
  for (const file of paths) {
    if (!file.startsWith(prefix)) continue;
    const [name = '', ...rest] = file.slice(prefix.length).split('/');
    children.set(name, rest.length > 0 ? 'dir' : 'file');
  }
  return [...children]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, type]) =>
      entry(context, found, `${prefix}${name}`, type, found.repo.files?.[`${prefix}${name}`] ?? ''),
    );
}

/** The fields every content object has. */
function entry(
  context: StubContext,
  found: FoundRepo,
  path: string,
  type: 'file' | 'dir',
  content: string,
): JsonObject {
  const branch = defaultBranch(found.repo);
  const sha = type === 'file' ? gitBlobSha(content) : createHash('sha1').update(`tree ${path}`).digest('hex');
  const self = `${repoApiUrl(context, found)}/contents/${path}?ref=${branch}`;
  const git = `${repoApiUrl(context, found)}/git/${type === 'file' ? 'blobs' : 'trees'}/${sha}`;
  const html = `${repoWebUrl(context, found)}/${type === 'file' ? 'blob' : 'tree'}/${branch}/${path}`;
  return {
    type,
    size: type === 'file' ? Buffer.byteLength(content) : 0,
    name: path.split('/').pop() ?? path,
    path,
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: type === 'file' ? `${repoWebUrl(context, found)}/raw/${branch}/${path}` : null,
    _links: { self, git, html },
  };
}

/** The blob id git gives this content. */
function gitBlobSha(content: string): string {
  return createHash('sha1')
    .update(`blob ${Buffer.byteLength(content)}\0`)
    .update(content)
    .digest('hex');
}

/** Base64 the way the contents API sends it: wrapped at 60 characters, with a trailing newline. */
function wrapBase64(content: string): string {
  const encoded = Buffer.from(content).toString('base64');
  return `${encoded.match(/.{1,60}/g)?.join('\n') ?? ''}\n`;
}
