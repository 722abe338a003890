import { describe, expect, it } from '@jest/globals';
import { webhookExample } from '../webhook-examples.js';
import { webhookPayloadProblems } from './webhook-schemas.js';

describe('webhook schema validation', () => {
  it('accepts a valid example and catches a wrong field', () => {
    const example = webhookExample('workflow_job', 'completed');
    const problems = webhookPayloadProblems('workflow_job', example);
    expect(problems).toEqual([]);
    const broken = {
      ...example,
      workflow_job: { ...(example.workflow_job as object), run_id: 'not a number' },
    };
    expect(webhookPayloadProblems('workflow_job', broken).length).toBeGreaterThan(problems.length);
  });
});
