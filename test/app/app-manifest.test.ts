import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import type { ApplicationFunction, Probot } from 'probot';
import { parse } from 'yaml';
import { EVENT_PERMISSIONS, requiredPermissions, ROUTE_PERMISSIONS } from '../../app/github/permissions.js';
import { shiplogApp, SUBSCRIBED_EVENTS } from '../../app/probot-app.js';

const manifest = parse(readFileSync('app.yml', 'utf8')) as {
  default_events: string[];
  default_permissions: Record<string, string>;
};
/** Events GitHub delivers to every App without a subscription. */
const ALWAYS_DELIVERED = ['installation', 'installation_repositories'];

/** The event names the App function registers handlers for (`deployment.created` counts as `deployment`). */
function registeredEvents(appFn: ApplicationFunction): string[] {
  const names = new Set<string>();
  const fake = {
    on: (events: string | string[]) => {
      for (const event of [events].flat()) names.add(event.split('.')[0]!);
    },
  };
  void appFn(fake as unknown as Probot, {} as never);
  return [...names].sort();
}

describe('app.yml', () => {
  it('subscribes to exactly the events the App handles', () => {
    const handled = registeredEvents(
      shiplogApp({ installations: {}, repoConfig: {}, events: {}, workflows: {} } as never),
    );
    expect(handled).toEqual([...SUBSCRIBED_EVENTS, ...ALWAYS_DELIVERED].sort());
    expect([...manifest.default_events].sort()).toEqual([...SUBSCRIBED_EVENTS].sort());
  });

  it('grants exactly the permissions the gateway calls and the events need', () => {
    expect(manifest.default_permissions).toEqual(requiredPermissions());
    for (const event of SUBSCRIBED_EVENTS) expect(EVENT_PERMISSIONS).toHaveProperty([event]);
  });

  it('knows the permission of every REST route the gateway calls', () => {
    const source = readFileSync('app/github/probot-gateway.ts', 'utf8');
    const routes = [...source.matchAll(/request\(\s*'((?:GET|POST|PATCH|PUT|DELETE) [^']+)'/g)].map(
      (m) => m[1],
    );
    expect(routes.length).toBeGreaterThan(5);
    for (const route of routes) expect(ROUTE_PERMISSIONS).toHaveProperty([route!]);
    // config.get() reads files through the contents API.
    expect(source).toContain('octokit.config.get');
    expect(ROUTE_PERMISSIONS).toHaveProperty(['GET /repos/{owner}/{repo}/contents/{path}']);
  });
});
