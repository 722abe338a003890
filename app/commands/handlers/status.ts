/**
 * `/status [project] [environment]`: what runs where, the newest deployment, locks and queues, and
 * what of this pull request waits for approvals. Anyone may ask.
 */
import type { DeploymentView } from '../../services/deployment-service.js';
import type { ProjectRecord } from '../../store/records.js';
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

/** A project to show, with the ids of the environments to show when not all. */
interface Shown {
  readonly project: ProjectRecord;
  readonly only?: ReadonlySet<number>;
}

/** A table of the named environments (or all of the repository's), and what waits on this pull request. */
export async function status(
  deps: CommandDependencies,
  run: CommandRun,
  command: StatusCommand,
): Promise<CommandOutcome> {
  const projects = await deps.projects.projectsOfRepository(run.event.repo);
  if (projects.length === 0) return refused(replies.noProjects(run.event.repo));
  const several = projects.length > 1;
  let shown: Shown[];
  // `/status web` names the project `web` when there is one (its environment `web`, if any, is
  // `/status web web`); otherwise an environment.
  const projectOnly =
    command.project === undefined && command.environment !== undefined
      ? projects.find((p) => p.name === command.environment)
      : undefined;
  if (command.environment !== undefined && !projectOnly) {
    const target = await resolveTarget(deps.projects, run.event.repo, command.project, command.environment);
    if (target.kind === 'refused') return refused(target.message);
    shown = [{ project: target.project, only: new Set([target.environment.id]) }];
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
    shown = chosen.map((project) => ({ project }));
  }

  const lines = [statusLines.header, statusLines.divider];
  for (const { project, only } of shown) {
    for (const { environment, current, latest } of await deps.deployments.environmentsOf(project, only)) {
      const { lock, queue } = await deps.locks.state(project, environment);
      lines.push(
        statusLines.row([
          where(project, environment, several),
          current ? describe(current) : statusLines.none,
          latest ? `${describe(latest)} \`${latest.deployment.status}\`` : statusLines.none,
          statusLines.lock(lock),
          statusLines.queue(queue),
        ]),
      );
    }
  }
  const waiting = (await deps.approvals.openFor(run.pullRequest)).filter((r) => r.state === 'waiting');
  return succeeded(`${lines.join('\n')}${statusLines.waiting(waiting.length)}`);
}

/** `` `1.4.0-rc2` (#12), deployment 7 ``: what was deployed, from which pull request. */
function describe({ candidate, deployment }: DeploymentView): string {
  const what = candidate ? `\`${candidate.version}\`` : `\`${shortSha(deployment.commitSha)}\``;
  const from = deployment.pullRequest ? ` (#${deployment.pullRequest.number})` : '';
  return `${what}${from}, deployment ${deployment.id}`;
}
