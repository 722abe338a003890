/**
 * Page parameters in, page headers out (GitHub/GitLab style: `Link`, `X-Total`, `X-Page`, `X-Per-Page`,
 * `X-Next-Page`), so list bodies stay plain arrays.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PageQuery } from '../../shared/api/schemas.js';
import type { Page, PageRequest } from '../store/store.js';

export const DEFAULT_PER_PAGE = 20;

export const pageRequest = (query: PageQuery): PageRequest => ({
  page: query.page ?? 1,
  perPage: query.per_page ?? DEFAULT_PER_PAGE,
});

export function setPageHeaders(request: FastifyRequest, reply: FastifyReply, page: Page<unknown>): void {
  const last = Math.max(1, Math.ceil(page.total / page.perPage));
  reply.header('x-total', page.total);
  reply.header('x-page', page.page);
  reply.header('x-per-page', page.perPage);
  reply.header('x-total-pages', last);
  if (page.page < last) reply.header('x-next-page', page.page + 1);
  const base = request.url.split('?')[0] ?? '';
  const link = (n: number, rel: string) => `<${base}?page=${n}&per_page=${page.perPage}>; rel="${rel}"`;
  const links = [link(1, 'first'), link(last, 'last')];
  if (page.page < last) links.unshift(link(page.page + 1, 'next'));
  if (page.page > 1) links.unshift(link(Math.min(page.page - 1, last), 'prev'));
  reply.header('link', links.join(', '));
}
