import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
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

  it('answers a commit whose compaction failed: the change is in the journal, the rewrite waits', async () => {
    const path = tempPath();
    const failures: unknown[] = [];
    const store = await openLowdbStore({
      path,
      minCompactionBytes: 1,
      onCompactionError: (error) => failures.push(error),
    });
    // The data file becomes a directory that is not empty: renaming the rewrite over it fails, even for root.
    rmSync(path);
    mkdirSync(path);
    writeFileSync(join(path, 'in-the-way'), '');
    // Commits until the journal is as big as the file: that commit's rewrite fails, and it still succeeds.
    const names: string[] = [];
    while (failures.length === 0 && names.length < 50) {
      const name = `kept-${names.length}`;
      await store.transaction((tx) => tx.insertProject(projectRow({ name })));
      names.push(name);
    }
    expect(failures).toHaveLength(1);
    expect(names.length).toBeGreaterThan(1);
    // The next rewrite waits until the journal has grown again: this small commit does not retry it.
    await store.transaction((tx) => tx.insertProject(projectRow({ name: 'also-kept' })));
    expect(failures).toHaveLength(1);
    await expect(store.close()).rejects.toThrow();

    rmSync(path, { recursive: true });
    const reopened = await openLowdbStore({ path });
    expect((await reopened.listProjects()).map((p) => p.name).sort()).toEqual([...names, 'also-kept'].sort());
    await reopened.close();
  });

  it('lets the journal grow as big as the file it reopened before rewriting it', async () => {
    const path = tempPath();
    const store = await openLowdbStore({ path });
    for (let i = 0; i < 40; i++)
      await store.transaction((tx) => tx.insertProject(projectRow({ name: `p${i}` })));
    await store.close();
    const fileBytes = statSync(path).size;
    const reopened = await openLowdbStore({ path, minCompactionBytes: 1 });
    await reopened.transaction((tx) => tx.insertProject(projectRow({ name: 'one-more' })));
    // A small commit after a restart is appended, not followed by a rewrite of the whole file.
    expect(statSync(path).size).toBe(fileBytes);
    expect(statSync(`${path}.journal`).size).toBeGreaterThan(0);
    await reopened.close();
  });
});
