/** Deployment JSON kept by record identity: reused while nothing it shows was replaced. */
import { describe, expect, it } from '@jest/globals';
import { deploymentJson, deploymentsJson, presentDeployment } from '../../../app/http/presenters.js';
import type { DeploymentView } from '../../../app/services/deployment-service.js';
import { candidateRow, deploymentRow, environmentRow, projectRow } from '../../support/records.js';

function view(): DeploymentView {
  const project = { ...projectRow(), id: 1 };
  const environment = { ...environmentRow(project.id), id: 2 };
  const candidate = { ...candidateRow(project.id, 3), id: 4 };
  const deployment = {
    ...deploymentRow(environment, candidate, {
      status: 'in_progress',
      history: [
        { status: 'pending', at: '2026-11-22T00:00:00.000Z' },
        { status: 'in_progress', at: '2026-11-22T00:01:00.000Z', reason: 'started by "ci"' },
      ],
    }),
    id: 5,
  };
  return { project, environment, candidate, deployment };
}

describe('deploymentJson', () => {
  it('is presentDeployment as JSON, and a list is a JSON array of them', () => {
    const first = view();
    const second = { ...first, deployment: { ...first.deployment, id: 6 } };
    expect(JSON.parse(deploymentJson(first))).toEqual(presentDeployment(first));
    expect(JSON.parse(deploymentsJson([first, second]))).toEqual([
      presentDeployment(first),
      presentDeployment(second),
    ]);
    expect(deploymentsJson([])).toBe('[]');
  });

  it('renders again when the deployment or anything it shows was replaced', () => {
    const original = view();
    const json = deploymentJson(original);
    expect(deploymentJson({ ...original })).toBe(json);

    const reported = {
      ...original,
      deployment: { ...original.deployment, status: 'success' as const },
    };
    expect(JSON.parse(deploymentJson(reported))).toMatchObject({ status: 'success' });

    const unverified = { ...original, candidate: { ...original.candidate!, verified: false } };
    expect(JSON.parse(deploymentJson(unverified))).toMatchObject({ verified: false });

    const renamed = { ...original, environment: { ...original.environment, name: 'production' } };
    expect(JSON.parse(deploymentJson(renamed))).toMatchObject({ environment: 'production' });

    const moved = { ...original, project: { ...original.project, name: 'site' } };
    expect(JSON.parse(deploymentJson(moved))).toMatchObject({ project: 'site' });
  });

  it('reuses the JSON while the same records are shown', () => {
    const kept = view();
    const json = deploymentJson(kept);
    // Changed in place (the store never does: a change replaces the record): not rendered again.
    (kept.deployment as { status: string }).status = 'failure';
    expect(deploymentJson({ ...kept })).toBe(json);
    expect(JSON.parse(json)).toMatchObject({ status: 'in_progress' });
  });
});
