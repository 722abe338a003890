/**
 * Values a new record starts with, in one place, so the management API, the config loader and the
 * webhooks create records the same way.
 */
import type { EnvironmentTier } from '../../shared/api/schemas.js';
import type { EnvironmentSettings, MirrorState } from './records.js';

export const DEFAULT_TIMEOUT_MINUTES = 60;

/** Settings of an environment nobody configured: GitHub's production flag follows the tier. */
export function defaultEnvironmentSettings(tier: EnvironmentTier, position: number): EnvironmentSettings {
  return {
    position,
    production: tier === 'production',
    transient: false,
    timeoutMinutes: DEFAULT_TIMEOUT_MINUTES,
    deployWorkflow: null,
    deployInputs: {},
    githubEnvironment: null,
    approvals: [],
  };
}

/** Mirror state of a new Shiplog deployment: work pending when GitHub is configured, `off` otherwise. */
export function initialMirrorState(mirroring: boolean): MirrorState {
  return {
    githubDeploymentId: null,
    mirroredStatuses: 0,
    state: mirroring ? 'pending' : 'off',
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    creatingSince: null,
    deactivated: false,
  };
}

/** Mirror state of a deployment that came from GitHub: it exists there already, nothing to send. */
export function reconciledMirrorState(githubDeploymentId: number, statuses: number): MirrorState {
  return { ...initialMirrorState(false), githubDeploymentId, mirroredStatuses: statuses, state: 'synced' };
}
