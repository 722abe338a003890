/**
 * Applying a status to a deployment record: the state machine's decision plus the bookkeeping that goes
 * with a move (history, timestamps, mirror work). Pure: the caller stores the result.
 */
import { type DeploymentStatus, transition } from '../../shared/deployment-status.js';
import type { DeploymentRecord, MirrorState } from '../store/records.js';

export interface StatusDetails {
  readonly reason?: string | undefined;
  readonly logUrl?: string | null | undefined;
  readonly environmentUrl?: string | null | undefined;
}

export type StatusChangeResult =
  | { readonly kind: 'unchanged'; readonly deployment: DeploymentRecord }
  | { readonly kind: 'moved'; readonly deployment: DeploymentRecord }
  | {
      readonly kind: 'refused';
      readonly reason: 'final' | 'backwards';
      readonly deployment: DeploymentRecord;
    };

/**
 * Mirror work after a change: a Shiplog deployment with mirroring on has statuses to send; a deployment
 * reconciled from GitHub already has them there.
 */
function mirrorAfterChange(deployment: DeploymentRecord, historyLength: number): MirrorState {
  const { mirror } = deployment;
  if (deployment.origin === 'github') return { ...mirror, mirroredStatuses: historyLength };
  if (mirror.state === 'off') return mirror;
  return { ...mirror, state: 'pending', attempts: 0, nextAttemptAt: null };
}

export function changeStatus(
  deployment: DeploymentRecord,
  status: DeploymentStatus,
  at: string,
  details: StatusDetails = {},
): StatusChangeResult {
  const move = transition(deployment.status, status);
  if (move.kind === 'refused') return { kind: 'refused', reason: move.reason, deployment };
  const urls = {
    logUrl: details.logUrl ?? deployment.logUrl,
    environmentUrl: details.environmentUrl ?? deployment.environmentUrl,
  };
  if (move.kind === 'unchanged') {
    const updated = urls.logUrl !== deployment.logUrl || urls.environmentUrl !== deployment.environmentUrl;
    return { kind: 'unchanged', deployment: updated ? { ...deployment, ...urls } : deployment };
  }
  const history = [
    ...deployment.history,
    { status, at, ...(details.reason ? { reason: details.reason } : {}) },
  ];
  return {
    kind: 'moved',
    deployment: {
      ...deployment,
      ...urls,
      status,
      history,
      updatedAt: at,
      mirror: mirrorAfterChange(deployment, history.length),
    },
  };
}
