/**
 * One process per data file: two writers on one lowdb file corrupt it (they share the temp file).
 * The lock is a `<file>.lock` holding the owner's pid; a lock left by a dead process is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export class FileLockError extends Error {}

/** Files this process holds: a second store in the same process is refused too. */
const held = new Set<string>();

export function acquireFileLock(dataPath: string): () => void {
  const lockPath = `${dataPath}.lock`;
  mkdirSync(dirname(dataPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(lockPath);
      return () => {
        held.delete(lockPath);
        try {
          unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8').trim());
      const ours = owner === process.pid && held.has(lockPath);
      if (ours || (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner))) {
        throw new FileLockError(
          `${dataPath} is in use by process ${owner}; run one Shiplog process per SHIPLOG_DATA file (use PostgreSQL for several)`,
        );
      }
      unlinkSync(lockPath);
    }
  }
  throw new FileLockError(`could not lock ${dataPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
