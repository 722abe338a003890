/**
 * Matches a request (method + path) to the spec operation that serves it.
 *
 * @packageDocumentation
 */
import type { Operation } from './spec.js';

/** A matched operation and its decoded path parameters. */
export interface RouteMatch {
  operation: Operation;
  params: Record<string, string>;
}

/** Finds the operation for a method and a path (without `/api/v3` and query string). */
export type Router = (method: string, path: string) => RouteMatch | undefined;

interface CompiledRoute {
  operation: Operation;
  pattern: RegExp;
  names: string[];
  literalLength: number;
}

/** Prefix GitHub Enterprise Server (and Probot with `GHE_HOST`) puts before REST paths. */
const API_PREFIX = '/api/v3';

/** Removes the GHES `/api/v3` prefix, if present. */
export function stripApiPrefix(pathname: string): { path: string; prefixed: boolean } {
  if (pathname === API_PREFIX) return { path: '/', prefixed: true };
  if (pathname.startsWith(`${API_PREFIX}/`))
    return { path: pathname.slice(API_PREFIX.length), prefixed: true };
  return { path: pathname, prefixed: false };
}

/**
 * Builds a router over the spec's operations.
 *
 * Templates overlap (`/compare/{base}...{head}` vs `/compare/{basehead}`, `/commits/{ref}` vs
 * `/commits/{ref}/status`), so the template with more literal characters wins. Parameters the spec marks
 * `x-multi-segment` (file paths, refs such as `heads/main`) may contain `/`; Octokit URL-encodes them
 * (`contents/.github%2Fshiplog.yml`), so every parameter is URL-decoded.
 */
export function createRouter(operations: readonly Operation[]): Router {
  const byMethod = new Map<string, CompiledRoute[]>();
  for (const operation of operations) {
    const routes = byMethod.get(operation.method) ?? [];
    routes.push(compileRoute(operation));
    byMethod.set(operation.method, routes);
  }
  for (const routes of byMethod.values()) routes.sort((a, b) => b.literalLength - a.literalLength);

  return (method, path) => {
    for (const route of byMethod.get(method.toUpperCase()) ?? []) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        params[name] = safeDecode(match[index + 1] ?? '');
      });
      return { operation: route.operation, params };
    }
    return undefined;
  };
}

function compileRoute(operation: Operation): CompiledRoute {
  const multiSegment = new Set(
    operation.parameters
      .filter((p) => p.in === 'path' && (p.multiSegment || p.name === 'path'))
      .map((p) => p.name),
  );
  const names: string[] = [];
  let literalLength = 0;
  // A trailing `/{path}` may be empty, slash included: `GET /repos/o/r/contents` lists the root directory.
  const template = operation.template.replace(/\/\{path\}$/, '{path}');
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name === undefined) {
        literalLength += part.length;
        return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      }
      names.push(name);
      if (name === 'path') return '(?:/(.*))?';
      return multiSegment.has(name) ? '(.+)' : '([^/]+)';
    })
    .join('');
  return { operation, pattern: new RegExp(`^${source}$`), names, literalLength };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
