/**
 * Locks through the API: a person's manual lock on an environment, read, taken and released with a
 * project or admin token. The token vouches for the person named; only the admin token may release
 * someone else's lock (an override, recorded in the audit trail).
 */
import { conflict } from '../errors.js';
import { describeOwner } from '../locks/lock-rules.js';
import { messages } from '../messages.js';
import type { EnvironmentRecord, ProjectRecord } from '../store/records.js';
import type { Principal } from './auth-service.js';
import type { LockOutcome, LockService, LockState, UnlockOutcome } from './lock-service.js';
import type { ProjectService } from './project-service.js';

/** An environment's lock as the API shows it. */
export interface LockView extends LockState {
  readonly project: ProjectRecord;
  readonly environment: EnvironmentRecord;
}

export class ManualLockService {
  constructor(
    private readonly locks: Pick<LockService, 'state' | 'lock' | 'unlock'>,
    private readonly projects: Pick<ProjectService, 'requireProject' | 'requireEnvironment'>,
  ) {}

  /** The environment's lock and queue. */
  async view(principal: Principal, projectName: string, environmentName: string): Promise<LockView> {
    const { project, environment } = await this.resolve(principal, projectName, environmentName);
    return { project, environment, ...(await this.locks.state(project, environment)) };
  }

  /** Locks for `user`, renews their lock, or queues them behind its holder. */
  async lock(
    principal: Principal,
    projectName: string,
    environmentName: string,
    input: {
      readonly user: string;
      readonly reason?: string | undefined;
      readonly minutes?: number | undefined;
    },
  ): Promise<LockView & { readonly outcome: LockOutcome['kind'] }> {
    const { project, environment } = await this.resolve(principal, projectName, environmentName);
    const user = input.user.replace(/^@/, '');
    const outcome = await this.locks.lock(project, environment, {
      owner: { kind: 'user', login: user },
      actor: user,
      source: 'api',
      reason: input.reason ?? null,
      durationMinutes: input.minutes ?? null,
    });
    return { project, environment, outcome: outcome.kind, ...outcome.state };
  }

  /** Releases `user`'s lock or queue place; someone else's only with the admin token, else 409. */
  async unlock(
    principal: Principal,
    projectName: string,
    environmentName: string,
    input: { readonly user: string; readonly reason?: string | undefined },
  ): Promise<LockView & { readonly outcome: UnlockOutcome['kind'] }> {
    const { project, environment } = await this.resolve(principal, projectName, environmentName);
    const user = input.user.replace(/^@/, '');
    const outcome = await this.locks.unlock(project, environment, {
      owner: { kind: 'user', login: user },
      actor: user,
      source: 'api',
      reason: input.reason ?? null,
      mayOverride: principal.kind === 'admin',
    });
    if (outcome.kind === 'held-by-other') {
      throw conflict(messages.lockHeld(environment.name, describeOwner(outcome.holder.owner)));
    }
    return { project, environment, outcome: outcome.kind, ...outcome.state };
  }

  private async resolve(principal: Principal, projectName: string, environmentName: string) {
    const project = await this.projects.requireProject(principal, projectName);
    const environment = await this.projects.requireEnvironment(project, environmentName);
    return { project, environment };
  }
}
