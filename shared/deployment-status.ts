/**
 * The deployment status state machine. Statuses move forward (an `unknown` deployment may still resume
 * `in_progress`): a late or retried report can never overwrite a later one, and a final status is never
 * left. The table of allowed moves below is the one source for both the check and its refusal text.
 */

/** Every status a deployment can have, in the order of a normal life. */
export const DEPLOYMENT_STATUSES = [
  'blocked',
  'pending',
  'in_progress',
  'canceling',
  'unknown',
  'success',
  'failure',
  'canceled',
] as const;

export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/**
 * Statuses a client may report. `blocked` is Shiplog's own: a deployment waits in it for the approvals
 * its environment requires, and only an approval (or a rejection) moves it on.
 */
export const REPORTABLE_STATUSES = DEPLOYMENT_STATUSES.filter(
  (status): status is Exclude<DeploymentStatus, 'blocked'> => status !== 'blocked',
);

export type ReportableStatus = (typeof REPORTABLE_STATUSES)[number];

/**
 * Allowed moves. `blocked` is left when the approvals are complete (usually to `pending`) or for
 * `canceled` on a rejection; nothing moves back into it. `unknown` (silent past its timeout, or
 * reported so) may still resolve: the deployment may report progress again or finish. `canceling` may
 * still end in `success` or `failure` when the cancellation arrived too late to stop the deploy.
 */
const NEXT: Record<DeploymentStatus, readonly DeploymentStatus[]> = {
  blocked: ['pending', 'in_progress', 'success', 'failure', 'canceled'],
  pending: ['in_progress', 'canceling', 'unknown', 'success', 'failure', 'canceled'],
  in_progress: ['canceling', 'unknown', 'success', 'failure', 'canceled'],
  canceling: ['unknown', 'success', 'failure', 'canceled'],
  unknown: ['in_progress', 'canceling', 'success', 'failure', 'canceled'],
  success: [],
  failure: [],
  canceled: [],
};

/**
 * Statuses a deployment never leaves: those with no allowed move, read from the transition table so the
 * two can never disagree (`success`, `failure`, `canceled`).
 */
export const FINAL_STATUSES: readonly DeploymentStatus[] = DEPLOYMENT_STATUSES.filter(
  (status) => NEXT[status].length === 0,
);

/**
 * The statuses a deployment in `current` may move to, in the order of a normal life: exactly the moves
 * `transition` accepts (besides repeating `current`). Empty for a final status.
 */
export function allowedNextStatuses(current: DeploymentStatus): readonly DeploymentStatus[] {
  return NEXT[current];
}

/** True for a status a client may report (every status but `blocked`). */
export function isReportableStatus(value: string): value is ReportableStatus {
  return (REPORTABLE_STATUSES as readonly string[]).includes(value);
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
