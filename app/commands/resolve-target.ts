/**
 * Which project and environment a command names. The project may be left out when the repository has
 * one, or when only one of its projects has an environment of that name.
 */
import type { ProjectService } from '../services/project-service.js';
import type { EnvironmentRecord, ProjectRecord } from '../store/records.js';
import { replies } from './messages.js';

/** What resolving a target looks up. */
export type TargetLookups = Pick<
  ProjectService,
  'projectsOfRepository' | 'findEnvironment' | 'environmentsOf'
>;

export type Target =
  | {
      readonly kind: 'found';
      readonly project: ProjectRecord;
      readonly environment: EnvironmentRecord;
      /** The repository holds several projects: name environments `project/environment` to people. */
      readonly several: boolean;
    }
  | { readonly kind: 'refused'; readonly message: string };

/** The project and environment a command names in `repo`, or a refusal saying what exists. */
export async function resolveTarget(
  projects: TargetLookups,
  repo: string,
  projectName: string | undefined,
  environmentName: string,
): Promise<Target> {
  const inRepo = await projects.projectsOfRepository(repo);
  if (inRepo.length === 0) return { kind: 'refused', message: replies.noProjects(repo) };
  const several = inRepo.length > 1;
  const names = inRepo.map((p) => p.name);
  const candidates =
    projectName === undefined ? inRepo : inRepo.filter((project) => project.name === projectName);
  if (candidates.length === 0) {
    return { kind: 'refused', message: replies.unknownProject(projectName ?? '', names) };
  }
  const found: { project: ProjectRecord; environment: EnvironmentRecord }[] = [];
  for (const project of candidates) {
    const environment = await projects.findEnvironment(project, environmentName);
    if (environment) found.push({ project, environment });
  }
  const [only, ...others] = found;
  if (only && others.length === 0) return { kind: 'found', ...only, several };
  if (only)
    return {
      kind: 'refused',
      message: replies.projectNeeded(
        environmentName,
        found.map((f) => f.project.name),
      ),
    };
  const [project] = candidates;
  if (candidates.length === 1 && project) {
    const known = (await projects.environmentsOf(project)).map((e) => e.name);
    return { kind: 'refused', message: replies.unknownEnvironment(environmentName, project.name, known) };
  }
  return { kind: 'refused', message: replies.noEnvironmentInRepo(environmentName, names) };
}
