/**
 * `/status [project] [environment]`: what runs where, the newest deployment, locks and queues, and
 * what of this pull request waits for approvals. Anyone may ask.
 */
import type { DeploymentRecord, EnvironmentRecord, ProjectRecord } from '../../store/records.js';
import type { StatusCommand } from '../command.js';
import {
  type CommandDependencies,
  type CommandOutcome,
  type CommandRun,
  refused,
  succeeded,
} from '../command-run.js';
import { replies, shortSha, statusLines, where } from '../messages.js';
import { resolveTarget } from '../resolve-target.js';

interface Row {
  readonly project: ProjectRecord;
  readonly environment: EnvironmentRecord;
}

/** A table of the named environments (or all of the repository's), and what waits on this pull request. */
export async function status(
  deps: CommandDependencies,
  run: CommandRun,
  command: StatusCommand,
): Promise<CommandOutcome> {
  const projects = await deps.store.listProjectsByRepo(run.event.repo);
  if (projects.length === 0) return refused(replies.noProjects(run.event.repo));
  const several = projects.length > 1;
  let rows: Row[];
  // `/status web` names the project `web` when there is one (its environment `web`, if any, is
  // `/status web web`); otherwise an environment.
  const projectOnly =
    command.project === undefined && command.environment !== undefined
      ? projects.find((p) => p.name === command.environment)
      : undefined;
  if (command.environment !== undefined && !projectOnly) {
    const target = await resolveTarget(deps.store, run.event.repo, command.project, command.environment);
    if (target.kind === 'refused') return refused(target.message);
    rows = [target];
  } else {
    const named = projectOnly?.name ?? command.project;
    const chosen = named === undefined ? projects : projects.filter((p) => p.name === named);
    if (chosen.length === 0)
      return refused(
        replies.unknownProject(
          named ?? '',
          projects.map((p) => p.name),
        ),
      );
    rows = [];
    for (const project of chosen) {
      for (const environment of await deps.store.listEnvironments(project.id))
        rows.push({ project, environment });
    }
  }

  const lines = [statusLines.header, statusLines.divider];
  for (const { project, environment } of rows) {
    const [current, latest, lock] = await Promise.all([
      deps.store.findNewestDeployment(environment.id, 'success'),
      deps.store.findNewestDeployment(environment.id),
      deps.locks.state(project, environment),
    ]);
    lines.push(
      statusLines.row([
        where(project, environment, several),
        current ? await describe(deps, current) : statusLines.none,
        latest ? `${await describe(deps, latest)} \`${latest.status}\`` : statusLines.none,
        statusLines.lock(lock.lock),
        statusLines.queue(lock.queue),
      ]),
    );
  }
  const waiting = await deps.approvals.waitingFor(run.pullRequest);
  return succeeded(`${lines.join('\n')}${statusLines.waiting(waiting.length)}`);
}

async function describe(deps: CommandDependencies, deployment: DeploymentRecord): Promise<string> {
  const candidate =
    deployment.candidateId === null ? undefined : await deps.store.getCandidateById(deployment.candidateId);
  const what = candidate ? `\`${candidate.version}\`` : `\`${shortSha(deployment.commitSha)}\``;
  const from = deployment.pullRequest ? ` (#${deployment.pullRequest.number})` : '';
  return `${what}${from}, deployment ${deployment.id}`;
}
