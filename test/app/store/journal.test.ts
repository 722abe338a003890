import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { openLowdbStore } from '../../../app/store/lowdb/lowdb-store.js';
import { AT, projectRow } from '../../support/records.js';

const tempPath = () => join(mkdtempSync(join(tmpdir(), 'shiplog-journal-')), 'data.json');

describe('the store journal', () => {
  it('replays acknowledged commits on start-up and drops a line torn by a crash', async () => {
    const path = tempPath();
    const store = await openLowdbStore({ path });
    await store.transaction((tx) => tx.insertProject(projectRow({ name: 'a' })));
    await store.transaction((tx) => tx.insertProject(projectRow({ name: 'b' })));
    // Simulate a crash: the process dies without close(), in the middle of appending a third commit.
    const journal = readFileSync(`${path}.journal`, 'utf8');
    expect(journal.trim().split('\n')).toHaveLength(2);
    appendFileSync(`${path}.journal`, '{"sequences":{"projects":3},"changes":[["projects","3",{"na');
    await (store as unknown as { journal: { close(): Promise<void> } }).journal.close();
    (store as unknown as { releaseLock(): void }).releaseLock();

    const reopened = await openLowdbStore({ path });
    expect((await reopened.listProjects()).map((p) => p.name)).toEqual(['a', 'b']);
    // The torn tail was cut off, so the next commit starts on a line of its own.
    expect(statSync(`${path}.journal`).size).toBe(Buffer.byteLength(journal));
    await reopened.transaction((tx) => tx.insertProject(projectRow({ name: 'c', createdAt: AT })));
    await reopened.close();
    const final = await openLowdbStore({ path });
    expect((await final.listProjects()).map((p) => p.name)).toEqual(['a', 'b', 'c']);
    await final.close();
  });

  it('compacts into the JSON file once the journal has grown, keeping every change', async () => {
    const path = tempPath();
    const store = await openLowdbStore({ path, minCompactionBytes: 600 });
    for (let i = 0; i < 12; i++)
      await store.transaction((tx) => tx.insertProject(projectRow({ name: `p${i}` })));
    const file = JSON.parse(readFileSync(path, 'utf8')) as { projects: Record<string, { name: string }> };
    expect(Object.keys(file.projects).length).toBeGreaterThan(3);
    expect(statSync(`${path}.journal`).size).toBeLessThan(600);
    // Kill without close(): file + journal still hold all twelve.
    await (store as unknown as { journal: { close(): Promise<void> } }).journal.close();
    (store as unknown as { releaseLock(): void }).releaseLock();
    const reopened = await openLowdbStore({ path });
    expect(await reopened.listProjects()).toHaveLength(12);
    await reopened.close();
  });
});
