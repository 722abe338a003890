/** The real App for the Action's tests: started in-process on a free port, seeded through its API. */
import { createProject, startTestApp, type TestApp } from '../../support/app.js';

export interface SeededApp {
  readonly app: TestApp;
  /** A project token of `web` (repository `acme/web`, environments staging and production). */
  readonly token: string;
}

/** Starts the App (optionally with extra configuration) and creates the `web` project and its token. */
export async function startSeededApp(env: Record<string, string> = {}): Promise<SeededApp> {
  const app = await startTestApp({ env });
  const token = await createProject(app, {
    name: 'web',
    repo: 'acme/web',
    environments: [
      { name: 'staging', tier: 'staging' },
      { name: 'production', tier: 'production' },
    ],
  });
  return { app, token };
}

/** Every deployment of `web` in an environment, newest first, as the App lists them. */
export async function listDeployments(
  app: TestApp,
  environment: string,
): Promise<{ id: number; status: string }[]> {
  const response = await app.request(
    `/api/releases/web/environments/${environment}/deployments?per_page=100`,
  );
  return (await response.json()) as { id: number; status: string }[];
}

/** Cuts a candidate directly through the API (for tests that start at deploy). */
export async function seedCandidate(
  app: TestApp,
  token: string,
  version: string,
  commit: string,
): Promise<void> {
  const response = await app.request(`/api/releases/web/releases/${version}`, {
    method: 'POST',
    json: { commit },
    token,
  });
  if (response.status !== 201)
    throw new Error(`seeding ${version} failed: ${response.status} ${await response.text()}`);
}
