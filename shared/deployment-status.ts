/**
 * The deployment status state machine. Statuses only move forward: a late or retried report can never
 * overwrite a later one, and a final status is never left.
 */

/** Every status a deployment can have, in the order of a normal life. */
export const DEPLOYMENT_STATUSES = [
  'pending',
  'in_progress',
  'canceling',
  'unknown',
  'success',
  'failure',
  'canceled',
] as const;

export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** Statuses a deployment never leaves. */
export const FINAL_STATUSES: readonly DeploymentStatus[] = ['success', 'failure', 'canceled'];

/**
 * Allowed moves. `unknown` (silent past its timeout, or reported so) may still resolve: the deployment
 * may report progress again or finish. `canceling` may still end in `success` or `failure` when the
 * cancellation arrived too late to stop the deploy.
 */
const NEXT: Record<DeploymentStatus, readonly DeploymentStatus[]> = {
  pending: ['in_progress', 'canceling', 'unknown', 'success', 'failure', 'canceled'],
  in_progress: ['canceling', 'unknown', 'success', 'failure', 'canceled'],
  canceling: ['unknown', 'success', 'failure', 'canceled'],
  unknown: ['in_progress', 'canceling', 'success', 'failure', 'canceled'],
  success: [],
  failure: [],
  canceled: [],
};

export function isDeploymentStatus(value: string): value is DeploymentStatus {
  return (DEPLOYMENT_STATUSES as readonly string[]).includes(value);
}

export function isFinalStatus(status: DeploymentStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** What applying a reported status to a deployment means. */
export type StatusTransition =
  { kind: 'unchanged' } | { kind: 'moved' } | { kind: 'refused'; reason: 'final' | 'backwards' };

/** Decides whether a deployment in `current` may take `next`. Pure; the caller words the refusal. */
export function transition(current: DeploymentStatus, next: DeploymentStatus): StatusTransition {
  if (current === next) return { kind: 'unchanged' };
  if (NEXT[current].includes(next)) return { kind: 'moved' };
  return { kind: 'refused', reason: isFinalStatus(current) ? 'final' : 'backwards' };
}
