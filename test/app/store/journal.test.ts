import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { applyJournal, Journal, type JournalEntry } from '../../../app/store/lowdb/journal.js';
import { openLowdbStore } from '../../../app/store/lowdb/lowdb-store.js';
import type { Store } from '../../../app/store/store.js';
import { AT, projectRow } from '../../support/records.js';

const tempPath = () => join(mkdtempSync(join(tmpdir(), 'shiplog-journal-')), 'data.json');

/** Waits for a rewrite of the data file started by a commit (its callers are answered before it ends). */
const rewritten = (store: Store): Promise<void> | undefined =>
  (store as unknown as { compacting?: Promise<void> }).compacting;

/** Stops a store the way a killed process does: no close(), no final rewrite. */
async function crash(store: Store): Promise<void> {
  await (store as unknown as { journal: { close(): Promise<void> } }).journal.close();
  (store as unknown as { releaseLock(): void }).releaseLock();
}

describe('the store journal', () => {
  it.each<[string, { minCompactionBytes?: number }]>([
    ['the journal', {}],
    ['a rewrite of the data file', { minCompactionBytes: 1 }],
  ])(
    'keeps the value a transaction committed in %s, never a later one that was rolled back',
    async (_where, options) => {
      const path = tempPath();
      const store = await openLowdbStore({ path, ...options });
      await store.transaction((tx) => tx.insertProject(projectRow({ name: 'a' })));
      const project = (await store.getProject('a'))!;
      // A commits; while its group commit is written, B has changed the same record, and then fails.
      const committed = store.transaction((tx) => tx.updateProject({ ...project, buildWorkflow: 'a.yml' }));
      let abort!: () => void;
      const aborted = store.transaction(async (tx) => {
        await tx.updateProject({ ...project, buildWorkflow: 'ABORTED.yml' });
        await new Promise<void>((resolve) => (abort = resolve));
        throw new Error('B fails');
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      abort();
      await committed;
      await expect(aborted).rejects.toThrow('B fails');
      expect((await store.getProject('a'))?.buildWorkflow).toBe('a.yml');
      await rewritten(store);
      if (options.minCompactionBytes) expect(statSync(`${path}.journal`).size).toBe(0);

      await crash(store);
      const reopened = await openLowdbStore({ path });
      expect((await reopened.getProject('a'))?.buildWorkflow).toBe('a.yml');
      await reopened.close();
    },
  );

  it('answers the commit that starts a rewrite of the file without waiting for the rewrite', async () => {
    const path = tempPath();
    const store = await openLowdbStore({ path, minCompactionBytes: 1 });
    // Every rewrite of the file is held until the test lets it go.
    const db = (store as unknown as { db: { write(): Promise<void> } }).db;
    const write = db.write.bind(db);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    db.write = () => held.then(write);
    let commits = 0;
    while (rewritten(store) === undefined && commits < 50) {
      await store.transaction((tx) => tx.insertProject(projectRow({ name: `p${commits}` })));
      commits++;
    }
    // The commit that started it was answered while the rewrite is held.
    expect(rewritten(store)).toBeDefined();
    release();
    await rewritten(store);
    expect(statSync(`${path}.journal`).size).toBe(0);
    await store.close();
    const reopened = await openLowdbStore({ path });
    expect(await reopened.listProjects()).toHaveLength(commits);
    await reopened.close();
  });

  it('never moves an id sequence back when replaying an entry older than the file', () => {
    const document: Record<string, unknown> = { sequences: { projects: 3, tokens: 1 }, projects: {} };
    applyJournal(document, [{ sequences: { projects: 2, tokens: 4 }, changes: [] }]);
    expect(document.sequences).toEqual({ projects: 3, tokens: 4 });
  });

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
    await rewritten(store);
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

describe('a journal append that fails part way', () => {
  const entry = (n: number, padding: number): JournalEntry => ({
    sequences: { projects: n },
    changes: [['projects', String(n), { id: n, padding: 'x'.repeat(padding) }]],
  });

  it('is cut back to the last complete line, so later appends and a replay lose nothing', () => {
    // A file size limit (prlimit) stops the second append part way: the kernel takes the bytes that fit,
    // then refuses the rest with EFBIG, as a full disk would. The built journal runs in a child process
    // so only it has the limit.
    const path = join(mkdtempSync(join(tmpdir(), 'shiplog-journal-')), 'data.json.journal');
    const journalModule = pathToFileURL(join(process.cwd(), 'build/app/store/lowdb/journal.js')).href;
    const script = `
      import { Journal, readJournal } from ${JSON.stringify(journalModule)};
      const entry = ${entry.toString()};
      const journal = await Journal.open(${JSON.stringify(path)}, 0);
      await journal.append(entry(1, 100));
      const failed = await journal.append(entry(2, 4000)).then(() => 'appended', (error) => error.code);
      await journal.append(entry(3, 100));
      await journal.close();
      const { entries, validBytes } = await readJournal(${JSON.stringify(path)});
      console.log(JSON.stringify({ failed, ids: entries.map((e) => e.changes[0][1]), validBytes }));
    `;
    const child = spawnSync(
      'prlimit',
      ['--fsize=1000', process.execPath, '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
      },
    );
    expect(child.stderr).toBe('');
    const result = JSON.parse(child.stdout) as { failed: string; ids: string[]; validBytes: number };
    expect(result.failed).toBe('EFBIG');
    expect(result.ids).toEqual(['1', '3']);
    expect(result.validBytes).toBe(statSync(path).size);
  });

  it('refuses every later append when the partial line cannot be cut off', async () => {
    // /dev/full refuses every write with ENOSPC and cannot be truncated.
    const journal = await Journal.open('/dev/full', 0);
    await expect(journal.append(entry(1, 10))).rejects.toMatchObject({ code: 'ENOSPC' });
    await expect(journal.append(entry(2, 10))).rejects.toThrow(
      /ends in a partly written entry that could not be cut off .*restart Shiplog to replay it/,
    );
    await journal.close();
  });
});
