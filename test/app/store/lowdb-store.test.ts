import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { openLowdbStore } from '../../../app/store/lowdb/lowdb-store.js';
import type { Store } from '../../../app/store/store.js';
import { AT as at, candidateRow, deploymentRow, environmentRow, projectRow } from '../../support/records.js';

const tempPath = () => join(mkdtempSync(join(tmpdir(), 'shiplog-store-')), 'data.json');
const open: Store[] = [];
const openStore = async (path: string) => {
  const store = await openLowdbStore({ path });
  open.push(store);
  return store;
};

afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
});

async function seed(store: Store) {
  return store.transaction(async (tx) => {
    const project = await tx.insertProject(projectRow());
    const environment = await tx.insertEnvironment(environmentRow(project.id));
    const release = await tx.insertRelease({ projectId: project.id, version: '1.0.0', createdAt: at });
    const candidate = await tx.insertCandidate(candidateRow(project.id, release.id));
    return { project, environment, candidate };
  });
}

describe('lowdb store', () => {
  it('keeps committed changes on disk: a reopened store sees them', async () => {
    const path = tempPath();
    const store = await openStore(path);
    const { project } = await seed(store);
    // Durable before the transaction resolved, without close(): a copy of the files taken now opens
    // as a store that has it (the main file plus the journal of what came after its last rewrite).
    const copy = join(mkdtempSync(join(tmpdir(), 'shiplog-copy-')), 'data.json');
    copyFileSync(path, copy);
    copyFileSync(`${path}.journal`, `${copy}.journal`);
    const snapshot = await openStore(copy);
    expect((await snapshot.getProject('web'))?.id).toBe(project.id);
    await store.close();
    const reopened = await openStore(path);
    expect((await reopened.getProject('web'))?.repo).toBe('acme/web');
    expect(await reopened.listEnvironments(project.id)).toHaveLength(1);
  });

  it('rolls back every change of a transaction that throws', async () => {
    const store = await openStore(tempPath());
    const { project } = await seed(store);
    await expect(
      store.transaction(async (tx) => {
        await tx.insertEnvironment(environmentRow(project.id, { name: 'staging', tier: 'staging' }));
        await tx.insertRelease({ projectId: project.id, version: '2.0.0', createdAt: at });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.getEnvironment(project.id, 'staging')).toBeUndefined();
    expect(await store.getRelease(project.id, '2.0.0')).toBeUndefined();
    // Ids are not burnt by the rolled-back transaction.
    const next = await store.transaction((tx) =>
      tx.insertEnvironment(environmentRow(project.id, { name: 'qa', tier: 'staging' })),
    );
    expect(next.id).toBe(2);
  });

  it('moves its revision on every change a read could see, and only then', async () => {
    const store = await openStore(tempPath());
    const { project } = await seed(store);
    const start = store.revision;
    await store.getProject(project.name);
    await store.transaction(async (tx) => tx.getProject(project.name));
    expect(store.revision).toBe(start);

    await store.transaction((tx) =>
      tx.insertEnvironment(environmentRow(project.id, { name: 'staging', tier: 'staging' })),
    );
    const afterWrite = store.revision;
    expect(afterWrite).not.toBe(start);

    let during: number | undefined;
    await expect(
      store.transaction(async (tx) => {
        await tx.insertRelease({ projectId: project.id, version: '2.0.0', createdAt: at });
        during = store.revision;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    // Readers may have seen the release while the transaction ran: its undoing is a change too.
    expect(during).not.toBe(afterWrite);
    expect(store.revision).not.toBe(during);
    expect(store.revision).not.toBe(afterWrite);
  });

  it('loses no update under concurrent read-modify-write transactions', async () => {
    const store = await openStore(tempPath());
    const { environment, candidate } = await seed(store);
    const deployment = await store.transaction((tx) =>
      tx.insertDeployment(deploymentRow(environment, candidate, { status: 'pending' })),
    );
    await Promise.all(
      Array.from({ length: 200 }, () =>
        store.transaction(async (tx) => {
          const current = await tx.getDeployment(deployment.id);
          await new Promise((resolve) => setImmediate(resolve));
          await tx.updateDeployment({
            ...current!,
            history: [...current!.history, { status: 'pending', at }],
          });
        }),
      ),
    );
    expect((await store.getDeployment(deployment.id))?.history).toHaveLength(200);
  });

  it('shares one disk write between many concurrent transactions (group commit)', async () => {
    const path = tempPath();
    const store = await openStore(path);
    const { project } = await seed(store);
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        store.transaction((tx) =>
          tx.insertRelease({ projectId: project.id, version: `9.${i}`, createdAt: at }),
        ),
      ),
    );
    const page = await store.listReleases(project.id, { page: 1, perPage: 5 });
    expect(page.total).toBe(101);
    expect(page.items.map((r) => r.version)).toEqual(['9.99', '9.98', '9.97', '9.96', '9.95']);
    await store.close();
    // A clean stop leaves one complete JSON file and an empty journal.
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')).releases)).toHaveLength(101);
    expect(readFileSync(`${path}.journal`, 'utf8')).toBe('');
  });

  it('pages deployments newest first', async () => {
    const store = await openStore(tempPath());
    const { environment, candidate } = await seed(store);
    await store.transaction(async (tx) => {
      for (let i = 0; i < 45; i++) {
        await tx.insertDeployment(
          deploymentRow(environment, candidate, { status: i % 2 ? 'success' : 'failure' }),
        );
      }
    });
    const third = await store.listDeployments(environment.id, { page: 3, perPage: 20 });
    expect(third.items.map((d) => d.id)).toEqual([5, 4, 3, 2, 1]);
    expect((await store.findNewestDeployment(environment.id, 'success'))?.id).toBe(44);
    expect((await store.getLatestDeployment(environment.id, candidate.id))?.id).toBe(45);
  });

  it('refuses a second store on the same file', async () => {
    const path = tempPath();
    await openStore(path);
    await expect(openLowdbStore({ path })).rejects.toThrow(/is in use by process/);
  });

  it('refuses to start on a corrupt file instead of overwriting it', async () => {
    const path = tempPath();
    writeFileSync(path, '{"projects": {');
    await expect(openLowdbStore({ path })).rejects.toThrow(/is not valid JSON/);
    expect(readFileSync(path, 'utf8')).toBe('{"projects": {');
  });
});
