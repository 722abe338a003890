import { describe, expect, it } from '@jest/globals';
import { decideJobOutcome } from '../../../action/job-outcome/decide-job-outcome.js';
import type { WorkflowStep } from '../../../action/job-outcome/jobs-api.js';

const step = (name: string, status: string, conclusion: string | null = null): WorkflowStep => ({
  name,
  number: 0,
  status,
  conclusion,
});
const job = (...steps: WorkflowStep[]) => ({
  id: 1,
  name: 'deploy',
  status: 'in_progress',
  runner_name: 'r',
  steps: steps.map((s, i) => ({ ...s, number: i + 1 })),
});

describe('decideJobOutcome', () => {
  it('is success when every step before the running post step succeeded (or was skipped)', () => {
    expect(
      decideJobOutcome(
        job(
          step('Set up job', 'completed', 'success'),
          step('Optional', 'completed', 'skipped'),
          step('Post Run acme/shiplog@v1', 'in_progress'),
          step('Complete job', 'queued'),
        ),
      ),
    ).toEqual({ kind: 'settled', status: 'success', detail: 'every step before this one succeeded' });
  });

  it('is failure when a step failed or timed out, naming it', () => {
    expect(
      decideJobOutcome(job(step('Deploy', 'completed', 'failure'), step('Post Run x', 'in_progress'))),
    ).toMatchObject({ status: 'failure', detail: "step 'Deploy' failed" });
    expect(
      decideJobOutcome(job(step('Deploy', 'completed', 'timed_out'), step('Post Run x', 'in_progress'))),
    ).toMatchObject({ status: 'failure' });
  });

  it('is canceled when a step was cancelled, even after a failure', () => {
    expect(
      decideJobOutcome(
        job(
          step('Test', 'completed', 'failure'),
          step('Deploy', 'completed', 'cancelled'),
          step('Post Run x', 'in_progress'),
        ),
      ),
    ).toMatchObject({ status: 'canceled', detail: "step 'Deploy' was cancelled" });
  });

  it('is unsettled while a main step still shows as running (the API lags the runner)', () => {
    expect(
      decideJobOutcome(job(step('Set up job', 'completed', 'success'), step('Deploy', 'in_progress'))),
    ).toEqual({
      kind: 'unsettled',
      reason: "the jobs API has not caught up yet: step 'Deploy' still shows as in_progress",
    });
  });

  it('is unsettled without steps', () => {
    expect(decideJobOutcome({ ...job(), steps: [] })).toMatchObject({ kind: 'unsettled' });
    expect(decideJobOutcome({ id: 1, name: 'x', status: 'in_progress', runner_name: 'r' })).toMatchObject({
      kind: 'unsettled',
    });
  });

  it('orders steps by number, not by position in the answer', () => {
    const steps = [
      { ...step('Post Run x', 'in_progress'), number: 3 },
      { ...step('Deploy', 'completed', 'failure'), number: 2 },
      { ...step('Set up job', 'completed', 'success'), number: 1 },
    ];
    expect(decideJobOutcome({ ...job(), steps })).toMatchObject({ status: 'failure' });
  });
});
