import { describe, expect, it } from '@jest/globals';
import { IncrementalJsonSerializer } from '../../../app/store/lowdb/incremental-json.js';

describe('IncrementalJsonSerializer', () => {
  it('writes exactly what JSON.stringify writes, before and after records are replaced, added and removed', () => {
    const serializer = new IncrementalJsonSerializer(new Set(['rows', 'empty']));
    const document: Record<string, unknown> = {
      schema: 1,
      sequences: { rows: 3 },
      rows: {
        1: { id: 1, name: 'a "quoted" ünïcode ✓', skipped: undefined, list: [1, null] },
        2: { id: 2, nested: { deep: true } },
        10: { id: 10 },
      },
      empty: {},
    };
    const same = () => expect(serializer.serialize(document).toString('utf8')).toBe(JSON.stringify(document));
    same();
    const rows = document.rows as Record<string, unknown>;
    rows[2] = { id: 2, nested: { deep: false } };
    rows[11] = { id: 11, at: '2026-11-22T00:00:00.000Z' };
    delete rows[1];
    same();
    (document.sequences as Record<string, number>).rows = 11;
    same();
  });
});

describe('GroupCommit', () => {
  it('resolves every caller with a write that started after its call, sharing writes', async () => {
    const { GroupCommit } = await import('../../../app/store/lowdb/group-commit.js');
    let state = 0;
    const written: number[] = [];
    const commit = new GroupCommit(async () => {
      const snapshot = state;
      await new Promise((resolve) => setTimeout(resolve, 5));
      written.push(snapshot);
    });
    const results = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        await new Promise((resolve) => setTimeout(resolve, i % 7));
        state = Math.max(state, i + 1);
        const mine = i + 1;
        await commit.flush();
        return written.some((snapshot) => snapshot >= mine);
      }),
    );
    expect(results.every(Boolean)).toBe(true);
    expect(written.length).toBeLessThan(30);
  });
});
