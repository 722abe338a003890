/**
 * The write-ahead journal of the embedded store: one JSON line per group commit holding the new value
 * of every record the commit changed. Appending a few kilobytes and `fdatasync`ing them costs the same
 * at 1k or 100k stored records, where rewriting the whole lowdb file does not; the file is rewritten
 * (compacted) only now and then, and the journal emptied after.
 *
 * A line is applied on start-up only if it is complete: a line torn by a crash was never acknowledged
 * (its fsync had not returned), so it is dropped and the file cut back to the last complete line.
 */
import { type FileHandle, open, readFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDirectory } from './durable-json-file.js';

/** One record's new value; `null` when it was deleted. */
export type JournalChange = readonly [table: string, id: string, row: object | null];

export interface JournalEntry {
  readonly sequences: Record<string, number>;
  readonly changes: readonly JournalChange[];
}

/** Reads the complete entries of a journal file (none when it does not exist), and where they end. */
export async function readJournal(path: string): Promise<{ entries: JournalEntry[]; validBytes: number }> {
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], validBytes: 0 };
    throw error;
  }
  const entries: JournalEntry[] = [];
  let start = 0;
  for (;;) {
    const end = buffer.indexOf(0x0a, start);
    if (end < 0) break; // a torn last line: never acknowledged
    try {
      entries.push(JSON.parse(buffer.subarray(start, end).toString('utf8')) as JournalEntry);
    } catch {
      break; // a line cut by a crash and followed by garbage: stop at the last good one
    }
    start = end + 1;
  }
  return { entries, validBytes: start };
}

/** Applies entries to a document of tables in order; a change holds the record's whole new value. */
export function applyJournal(document: Record<string, unknown>, entries: readonly JournalEntry[]): void {
  for (const entry of entries) {
    for (const [table, id, row] of entry.changes) {
      const rows = (document[table] ??= {}) as Record<string, unknown>;
      if (row === null) delete rows[id];
      else rows[id] = row;
    }
    // Sequences only move up: a data file rewritten after this entry (a crash between the rewrite and
    // emptying the journal) may already be ahead of it.
    const sequences = { ...(document.sequences as Record<string, number>) };
    for (const [name, value] of Object.entries(entry.sequences)) {
      sequences[name] = Math.max(sequences[name] ?? 0, value);
    }
    document.sequences = sequences;
  }
}

export class Journal {
  private constructor(
    private readonly file: FileHandle,
    private bytes: number,
  ) {}

  /** Set when a failed append left a torn tail that could not be cut: nothing more may be appended. */
  private torn: Error | undefined;

  /** Opens the journal for appending, first cutting off a torn tail found by {@link readJournal}. */
  static async open(path: string, validBytes: number): Promise<Journal> {
    await mkdir(dirname(path), { recursive: true });
    const file = await open(path, 'a+');
    const { size } = await file.stat();
    if (size > validBytes) {
      await file.truncate(validBytes);
      await file.datasync();
    }
    await syncDirectory(dirname(path)); // the journal's directory entry itself must survive a power loss
    return new Journal(file, validBytes);
  }

  /** Bytes appended since the last {@link Journal.clear}. */
  get size(): number {
    return this.bytes;
  }

  /** Appends one entry and returns once it is on disk. */
  async append(entry: JournalEntry): Promise<void> {
    if (this.torn) throw this.torn;
    const line = Buffer.from(`${JSON.stringify(entry)}\n`);
    try {
      // A write may take fewer bytes than given: the rest follows until the whole line is in.
      for (let written = 0; written < line.length;) {
        const { bytesWritten } = await this.file.write(line, written, line.length - written);
        written += bytesWritten;
      }
      await this.file.datasync();
    } catch (error) {
      // A partial line would swallow the next entry on replay: cut back to the last complete one.
      try {
        await this.file.truncate(this.bytes);
      } catch (truncateError) {
        // Appending after a torn line would lose every later entry on replay: refuse from now on.
        this.torn = new Error(
          `the journal ends in a partly written entry that could not be cut off (${(truncateError as Error).message}); restart Shiplog to replay it`,
        );
      }
      throw error;
    }
    this.bytes += line.length;
  }

  /** Empties the journal: call only once everything in it is in a durable snapshot. */
  async clear(): Promise<void> {
    await this.file.truncate(0);
    await this.file.datasync();
    this.bytes = 0;
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}
