import { describe, expect, it } from '@jest/globals';
import {
  allowedNextStatuses,
  DEPLOYMENT_STATUSES,
  FINAL_STATUSES,
  isReportableStatus,
  REPORTABLE_STATUSES,
  transition,
} from '../../shared/deployment-status.js';

describe('deployment status transitions', () => {
  it('treats repeating the current status as unchanged', () => {
    for (const status of DEPLOYMENT_STATUSES)
      expect(transition(status, status)).toEqual({ kind: 'unchanged' });
  });

  it('never leaves a final status', () => {
    for (const final of FINAL_STATUSES) {
      for (const next of DEPLOYMENT_STATUSES.filter((s) => s !== final)) {
        expect(transition(final, next)).toEqual({ kind: 'refused', reason: 'final' });
      }
    }
  });

  it('moves forward through a normal life', () => {
    expect(transition('pending', 'in_progress').kind).toBe('moved');
    expect(transition('in_progress', 'success').kind).toBe('moved');
    expect(transition('in_progress', 'canceling').kind).toBe('moved');
    expect(transition('canceling', 'canceled').kind).toBe('moved');
    expect(transition('pending', 'failure').kind).toBe('moved');
  });

  it('refuses going backwards: a late in_progress or pending is not applied', () => {
    expect(transition('in_progress', 'pending')).toEqual({ kind: 'refused', reason: 'backwards' });
    expect(transition('canceling', 'in_progress')).toEqual({ kind: 'refused', reason: 'backwards' });
    expect(transition('success', 'in_progress')).toEqual({ kind: 'refused', reason: 'final' });
  });

  it('lets an unknown deployment resume or finish', () => {
    expect(transition('in_progress', 'unknown').kind).toBe('moved');
    expect(transition('unknown', 'in_progress').kind).toBe('moved');
    expect(transition('unknown', 'success').kind).toBe('moved');
    expect(transition('unknown', 'pending')).toEqual({ kind: 'refused', reason: 'backwards' });
  });

  it('leaves blocked when approved or rejected, and never goes back into it', () => {
    expect(transition('blocked', 'pending').kind).toBe('moved');
    expect(transition('blocked', 'canceled').kind).toBe('moved');
    for (const status of DEPLOYMENT_STATUSES.filter((s) => s !== 'blocked')) {
      expect(transition(status, 'blocked').kind).toBe('refused');
    }
    expect(transition('blocked', 'canceling')).toEqual({ kind: 'refused', reason: 'backwards' });
  });

  it('lists exactly the moves transition accepts, and calls final the statuses with none', () => {
    for (const current of DEPLOYMENT_STATUSES) {
      const moved = DEPLOYMENT_STATUSES.filter((next) => transition(current, next).kind === 'moved');
      expect(allowedNextStatuses(current)).toEqual(moved);
    }
    expect(FINAL_STATUSES).toEqual(['success', 'failure', 'canceled']);
    expect(FINAL_STATUSES).toEqual(DEPLOYMENT_STATUSES.filter((s) => allowedNextStatuses(s).length === 0));
    expect(allowedNextStatuses('canceling')).toEqual(['unknown', 'success', 'failure', 'canceled']);
    expect(allowedNextStatuses('unknown')).toContain('in_progress');
  });

  it('lets clients report every status but blocked', () => {
    expect(REPORTABLE_STATUSES).toEqual([
      'pending',
      'in_progress',
      'canceling',
      'unknown',
      'success',
      'failure',
      'canceled',
    ]);
    expect(isReportableStatus('blocked')).toBe(false);
    expect(isReportableStatus('in_progress')).toBe(true);
  });
});
