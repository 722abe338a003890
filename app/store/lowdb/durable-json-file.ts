/**
 * A lowdb adapter that makes a write durable before it resolves. lowdb's own `JSONFile` (steno) writes a
 * temp file and renames it, which survives a killed process but not a power loss: nothing is fsynced.
 * This one writes the temp file, fsyncs it, renames it over the target and fsyncs the directory, so a
 * resolved write is on disk and the file is, at every moment, either the old or the new complete JSON.
 */
import { open, readFile, rename, mkdir } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { IncrementalJsonSerializer } from './incremental-json.js';

export class DurableJSONFile<T extends object> implements Adapter<T> {
  private readonly tempPath: string;
  private readonly serializer: IncrementalJsonSerializer;
  /** Size of the file as last read or written. */
  fileBytes = 0;

  /**
   * `recordTables`: top-level keys holding objects of immutable records, serialised incrementally
   * (see {@link IncrementalJsonSerializer}); a record must never be mutated in place.
   */
  constructor(
    private readonly path: string,
    recordTables: readonly string[] = [],
  ) {
    this.tempPath = join(dirname(path), `.${basename(path)}.tmp`);
    this.serializer = new IncrementalJsonSerializer(new Set(recordTables));
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
      this.fileBytes = Buffer.byteLength(text);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new Error(
        `${this.path} is not valid JSON (${(error as Error).message}); restore it from a backup or move it away to start empty`,
      );
    }
  }

  async write(data: T): Promise<void> {
    // Serialise first, synchronously: the snapshot is exactly the state at the moment of the call.
    const bytes = this.serializer.serialize(data as Record<string, unknown>);
    this.fileBytes = bytes.length;
    await mkdir(dirname(this.path), { recursive: true });
    const file = await open(this.tempPath, 'w');
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(this.tempPath, this.path);
    await syncDirectory(dirname(this.path));
  }
}

/** Fsyncs a directory, so an entry created or renamed in it survives a power loss. */
export async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
