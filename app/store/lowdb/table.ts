/**
 * An in-memory table over a plain object of rows (the part of the lowdb document that holds them), with
 * secondary indexes rebuilt at load and kept current on every change. A replace re-files a row only in
 * the indexes whose key changed, so updating a status does not touch the big per-environment lists.
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

  /** Replaces a row with a new value of the same id; returns the previous value. */
  replace(row: T): T {
    const previous = this.rows[row.id];
    if (!previous) throw new Error(`no row ${row.id}`);
    this.rows[row.id] = row;
    for (const [name, map] of this.uniqueIndexes) {
      const definition = this.unique[name];
      const [before, after] = [definition?.key(previous), definition?.key(row)];
      if (before === after) continue;
      if (before !== undefined) map.delete(before);
      if (after !== undefined) map.set(after, row.id);
    }
    for (const [name, map] of this.groupIndexes) {
      const definition = this.grouped[name];
      const [before, after] = [definition?.key(previous), definition?.key(row)];
      if (before === after) continue;
      if (before !== undefined) removeFromGroup(map, before, row.id);
      if (after !== undefined) addToGroup(map, after, row.id);
    }
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
      if (key !== undefined) removeFromGroup(map, key, id);
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
      if (key !== undefined) addToGroup(map, key, row.id);
    }
  }
}

function addToGroup(map: Map<string, number[]>, key: string, id: number): void {
  const ids = map.get(key);
  if (!ids) map.set(key, [id]);
  else if ((ids.at(-1) ?? -1) < id) ids.push(id);
  else ids.splice(sortedIndex(ids, id), 0, id);
}

function removeFromGroup(map: Map<string, number[]>, key: string, id: number): void {
  const ids = map.get(key);
  if (!ids) return;
  const at = sortedIndex(ids, id);
  if (ids[at] === id) ids.splice(at, 1);
  if (ids.length === 0) map.delete(key);
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
