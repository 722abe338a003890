/**
 * Finds the Shiplog environment behind a GitHub environment name (`prod`, or `web/prod` when the
 * repository holds several projects, or the configured `github_environment`).
 */
import type { EnvironmentRecord, ProjectRecord } from '../store/records.js';
import type { StoreReader } from '../store/store.js';

/** The environment's name on GitHub: configured, or namespaced by project when a repository has several. */
export function githubEnvironmentName(
  project: ProjectRecord,
  environment: EnvironmentRecord,
  projectsInRepo: number,
) {
  return (
    environment.settings.githubEnvironment ??
    (projectsInRepo > 1 ? `${project.name}/${environment.name}` : environment.name)
  );
}

export interface EnvironmentMatch {
  readonly project: ProjectRecord;
  readonly environment: EnvironmentRecord;
}

/** The project and environment of `repo` named `name` on GitHub, if any. */
export async function findByGitHubEnvironment(
  reader: StoreReader,
  repo: string,
  name: string,
): Promise<EnvironmentMatch | undefined> {
  const projects = await reader.listProjectsByRepo(repo);
  for (const project of projects) {
    for (const environment of await reader.listEnvironments(project.id)) {
      if (githubEnvironmentName(project, environment, projects.length) === name)
        return { project, environment };
    }
  }
  return undefined;
}
