import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app.js';
import { deliver } from '../../support/deliver.js';
import { COMMITS, githubState } from '../../support/fixtures.js';
import { installationCreated, push } from '../../support/github-events.js';
import { startGitHubStub, type GitHubStub } from '../../support/github/stub.js';

let github: GitHubStub;
let app: TestApp;
const FILE = '.github/shiplog.yml';

const VALID = `projects:
  web:
    build_workflow: build.yml
    environments:
      staging:
        tier: staging
        timeout_minutes: 15
      production:
        tier: production
        deploy_workflow: deploy.yml
        deploy_inputs:
          region: eu-west-1
  docs:
    environments:
      preview:
        tier: development
        transient: true
`;

const INVALID = `projects:
  web:
    environments:
      staging:
        tier: staging
      production:
        tier: prod
        timeout_minutes: 0
`;

interface Project {
  name: string;
  build_workflow: string | null;
  environments: { name: string; tier: string }[];
}
const project = async (name: string) =>
  (await (await app.request(`/api/projects/${name}`)).json()) as Project;

beforeAll(async () => {
  const state = githubState();
  state.repos!['acme/web']!.files = { [FILE]: VALID };
  github = await startGitHubStub({ state });
  app = await startTestApp({ github });
});
afterAll(async () => {
  expect(github.problems).toEqual([]);
  await app.close();
  await github.close();
});

describe('.github/shiplog.yml', () => {
  it('is loaded when the App is installed: projects and environments appear', async () => {
    const response = await deliver(app, 'installation', installationCreated(['acme/web'], 77));
    expect(response.status).toBe(200);
    const web = await project('web');
    expect(web.build_workflow).toBe('build.yml');
    expect(web.environments.map((e) => [e.name, e.tier])).toEqual([
      ['staging', 'staging'],
      ['production', 'production'],
    ]);
    expect((await project('docs')).environments.map((e) => e.name)).toEqual(['preview']);
  });

  it('keeps the last valid configuration when a push makes it invalid, and says why on the commit', async () => {
    github.state.repos['acme/web']!.files = { [FILE]: INVALID };
    const sha = COMMITS[1]!;
    const response = await deliver(app, 'push', push('acme/web', { after: sha, changed: [FILE] }));
    expect(response.status).toBe(200);

    const run = github.state.checkRuns.at(-1)!;
    const request = run.request as {
      head_sha: string;
      conclusion: string;
      output: {
        title: string;
        summary: string;
        annotations: { path: string; start_line: number; message: string }[];
      };
    };
    expect(request.head_sha).toBe(sha);
    expect(request.conclusion).toBe('failure');
    expect(request.output.title).toContain(FILE);
    expect(request.output.summary).toContain(
      `${FILE}:7: \`projects.web.environments.production.tier\` must be one of: production, staging, development`,
    );
    expect(request.output.summary).toContain(
      `${FILE}:8: \`projects.web.environments.production.timeout_minutes\``,
    );
    expect(request.output.annotations).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: FILE, start_line: 7 })]),
    );
    // Nothing changed: the previous configuration stays.
    expect((await project('web')).environments.map((e) => e.tier)).toEqual(['staging', 'production']);
  });

  it('applies a fixed file on the next push and reports success', async () => {
    github.state.repos['acme/web']!.files = {
      [FILE]: VALID.replace('      staging:\n        tier: staging\n        timeout_minutes: 15\n', ''),
    };
    const sha = COMMITS[2]!;
    await deliver(app, 'push', push('acme/web', { after: sha, changed: [FILE] }));
    const run = github.state.checkRuns.at(-1)!.request as { conclusion: string; head_sha: string };
    expect(run).toMatchObject({ conclusion: 'success', head_sha: sha });
    expect((await project('web')).environments.map((e) => e.name)).toEqual(['production']);
  });

  it('ignores pushes that do not touch the file or are not on the default branch', async () => {
    const before = github.calls.length;
    await deliver(app, 'push', push('acme/web', { after: COMMITS[2]!, changed: ['README.md'] }));
    await deliver(app, 'push', push('acme/web', { after: COMMITS[2]!, changed: [FILE], branch: 'feature' }));
    expect(github.calls.length).toBe(before);
  });

  it('refuses a project name another repository already uses, changing nothing', async () => {
    await app.request('/api/projects', { method: 'POST', json: { name: 'taken', repo: 'acme/other' } });
    github.state.repos['acme/web']!.files = {
      [FILE]: `${VALID}  taken:\n    environments:\n      prod:\n        tier: production\n`,
    };
    await deliver(app, 'push', push('acme/web', { after: COMMITS[0]!, changed: [FILE] }));
    const run = github.state.checkRuns.at(-1)!.request as { conclusion: string; output: { summary: string } };
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain("project 'taken' already exists for repository acme/other");
    // All or nothing: the staging environment removed above did not come back either.
    expect((await project('web')).environments.map((e) => e.name)).toEqual(['production']);
  });
});
