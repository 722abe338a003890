/**
 * GitHub-style pagination: `per_page` (default 30, max 100) and `page` query parameters, and a `Link` header
 * that Octokit's paginate plugin follows.
 *
 * @packageDocumentation
 */
import type { StubContext, StubRequest, StubResponse } from './handler-types.js';
import type { JsonValue } from './json.js';

/** Answers 200 with one page of `items` and the `Link` header for the others. */
export function paginate(items: JsonValue[], request: StubRequest, context: StubContext): StubResponse {
  const perPage = Math.min(100, Math.max(1, Number(request.query.per_page ?? 30) || 30));
  const page = Math.max(1, Number(request.query.page ?? 1) || 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const body = items.slice((page - 1) * perPage, page * perPage);
  const link = (target: number, rel: string): string => {
    const query = new URLSearchParams({ ...request.query, per_page: String(perPage), page: String(target) });
    return `<${context.apiUrl}${request.path}?${query.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return { status: 200, body, headers: links.length > 0 ? { link: links.join(', ') } : {} };
}
