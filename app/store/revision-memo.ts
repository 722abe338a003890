/**
 * Values computed from the store, remembered for as long as the store has not changed.
 *
 * Every value is remembered with the store's revision (see {@link Store.revision}) at which its
 * computation started, and only if no write landed before it ended; once the revision moves, every value
 * is forgotten at once, so a remembered value is never out of date. A store that cannot tell its revision
 * gets nothing remembered. The memory is bounded by a budget over the entries' sizes: when it is full, the
 * earliest remembered go first.
 */
import type { Store } from './store.js';

export class RevisionMemo<V> {
  /** Values remembered at {@link at}, earliest first. */
  private readonly entries = new Map<string, { value: V; size: number }>();
  private at: number | undefined;
  private used = 0;

  constructor(
    /** The store's revision now. */
    private readonly revision: () => Store['revision'],
    /** What the sizes of the entries may add up to; 0 remembers nothing. */
    private readonly budget: number,
    /** An entry's share of the budget. */
    private readonly sizeOf: (key: string, value: V) => number,
  ) {}

  /** The revision to start a computation at and pass to {@link remember} with its result. */
  now(): number | undefined {
    return this.budget > 0 ? this.revision() : undefined;
  }

  /** What is remembered under `key` for the store as it is now. */
  get(key: string): V | undefined {
    const revision = this.revision();
    return revision !== undefined && revision === this.at ? this.entries.get(key)?.value : undefined;
  }

  /** Remembers `value`, computed from the store at revision `startedAt`, unless a write landed since. */
  remember(key: string, value: V, startedAt: number | undefined): void {
    if (startedAt === undefined || startedAt !== this.revision()) return;
    if (startedAt !== this.at) {
      this.entries.clear();
      this.used = 0;
      this.at = startedAt;
    }
    const size = this.sizeOf(key, value);
    if (size > this.budget) return;
    this.forget(key);
    this.entries.set(key, { value, size });
    this.used += size;
    for (const oldest of this.entries.keys()) {
      if (this.used <= this.budget) break;
      this.forget(oldest);
    }
  }

  /** How many entries are remembered and their sizes' sum, for tests and diagnostics. */
  get stats(): { entries: number; size: number } {
    return { entries: this.entries.size, size: this.used };
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.used -= entry.size;
  }
}
