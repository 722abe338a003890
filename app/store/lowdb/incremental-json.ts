/**
 * Serialises the store's document to JSON bytes without re-serialising what did not change. Records are
 * immutable values (a change replaces the object), so each record's JSON is cached by identity and a
 * write only stringifies the records that are new since the last one; the rest is copied. The output is
 * byte for byte what `JSON.stringify(document)` gives.
 */
const OPEN = Buffer.from('{');
const CLOSE = Buffer.from('}');
const COMMA = Buffer.from(',');

export class IncrementalJsonSerializer {
  private readonly cache = new WeakMap<object, Buffer>();

  /** `tables`: the top-level keys whose values are objects of immutable records. */
  constructor(private readonly tables: ReadonlySet<string>) {}

  serialize(document: Record<string, unknown>): Buffer {
    const parts: Buffer[] = [OPEN];
    let firstKey = true;
    for (const [key, value] of Object.entries(document)) {
      if (value === undefined) continue;
      if (!firstKey) parts.push(COMMA);
      firstKey = false;
      parts.push(Buffer.from(`${JSON.stringify(key)}:`));
      if (this.tables.has(key) && value !== null && typeof value === 'object')
        this.table(value as object, parts);
      else parts.push(Buffer.from(JSON.stringify(value)));
    }
    parts.push(CLOSE);
    return Buffer.concat(parts);
  }

  private table(rows: object, parts: Buffer[]): void {
    parts.push(OPEN);
    let first = true;
    for (const [id, row] of Object.entries(rows)) {
      if (row === undefined) continue;
      if (!first) parts.push(COMMA);
      first = false;
      let bytes = this.cache.get(row as object);
      if (!bytes) {
        bytes = Buffer.from(`${JSON.stringify(id)}:${JSON.stringify(row)}`);
        this.cache.set(row as object, bytes);
      }
      parts.push(bytes);
    }
    parts.push(CLOSE);
  }
}
