/**
 * An in-memory table over a plain object of rows (the part of the lowdb document that holds them), with
 * secondary indexes rebuilt at load and kept current on every change. Indexed keys must not change
 * after insert: they are ids of parents and names.
 */
export interface IndexDefinition<T> {
  /** The key the row is filed under, or undefined to leave it out of this index. */
  key(row: T): string | undefined;
}

export class Table<T extends { readonly id: number }, I extends string = string> {
  private readonly uniqueIndexes = new Map<I, Map<string, number>>();
  private readonly groupIndexes = new Map<I, Map<string, number[]>>();

  constructor(
    private readonly rows: Record<string, T>,
    private readonly unique: Partial<Record<I, IndexDefinition<T>>>,
    private readonly grouped: Partial<Record<I, IndexDefinition<T>>> = {},
  ) {
    for (const name of Object.keys(unique) as I[]) this.uniqueIndexes.set(name, new Map());
    for (const name of Object.keys(grouped) as I[]) this.groupIndexes.set(name, new Map());
    const ordered = Object.values(rows).sort((a, b) => a.id - b.id);
    for (const row of ordered) this.index(row);
  }

  get size(): number {
    return Object.keys(this.rows).length;
  }

  get(id: number): T | undefined {
    return this.rows[id];
  }

  all(): T[] {
    return Object.values(this.rows);
  }

  /** The one row filed under `key` in a unique index. */
  findUnique(index: I, key: string): T | undefined {
    const id = this.uniqueIndexes.get(index)?.get(key);
    return id === undefined ? undefined : this.rows[id];
  }

  /** Ids of the rows filed under `key` in a grouped index, oldest (lowest id) first. Do not mutate. */
  groupIds(index: I, key: string): readonly number[] {
    return this.groupIndexes.get(index)?.get(key) ?? [];
  }

  insert(row: T): void {
    if (this.rows[row.id]) throw new Error(`duplicate id ${row.id}`);
    this.rows[row.id] = row;
    this.index(row);
  }

  /** Replaces a row with a new value of the same id (indexed keys unchanged). */
  replace(row: T): T {
    const previous = this.rows[row.id];
    if (!previous) throw new Error(`no row ${row.id}`);
    this.rows[row.id] = row;
    return previous;
  }

  remove(id: number): T | undefined {
    const row = this.rows[id];
    if (!row) return undefined;
    delete this.rows[id];
    for (const [name, map] of this.uniqueIndexes) {
      const key = this.unique[name]?.key(row);
      if (key !== undefined) map.delete(key);
    }
    for (const [name, map] of this.groupIndexes) {
      const key = this.grouped[name]?.key(row);
      if (key === undefined) continue;
      const ids = map.get(key);
      const at = ids?.indexOf(id) ?? -1;
      if (ids && at >= 0) ids.splice(at, 1);
    }
    return row;
  }

  private index(row: T): void {
    for (const [name, map] of this.uniqueIndexes) {
      const key = this.unique[name]?.key(row);
      if (key !== undefined) map.set(key, row.id);
    }
    for (const [name, map] of this.groupIndexes) {
      const key = this.grouped[name]?.key(row);
      if (key === undefined) continue;
      const ids = map.get(key);
      if (!ids) map.set(key, [row.id]);
      else if ((ids.at(-1) ?? -1) < row.id) ids.push(row.id);
      else ids.splice(sortedIndex(ids, row.id), 0, row.id);
    }
  }
}

function sortedIndex(ids: readonly number[], id: number): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((ids[mid] ?? 0) < id) low = mid + 1;
    else high = mid;
  }
  return low;
}
