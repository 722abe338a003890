/** What a RevisionMemo keeps, for how long, and what it drops when its budget is full. */
import { describe, expect, it } from '@jest/globals';
import { RevisionMemo } from '../../../app/store/revision-memo.js';

function memo(budget: number) {
  const store = { revision: 1 as number | undefined };
  return {
    store,
    memo: new RevisionMemo<string>(
      () => store.revision,
      budget,
      (_key, value) => value.length,
    ),
  };
}

describe('RevisionMemo', () => {
  it('answers what was remembered until the store changes, then nothing', () => {
    const { store, memo: m } = memo(100);
    m.remember('a', 'alpha', m.now());
    expect(m.get('a')).toBe('alpha');
    store.revision = 2;
    expect(m.get('a')).toBeUndefined();
    m.remember('b', 'beta', m.now());
    expect(m.stats).toEqual({ entries: 1, size: 4 });
  });

  it('does not remember a value computed while a write landed, or when the store cannot tell', () => {
    const { store, memo: m } = memo(100);
    const startedAt = m.now();
    store.revision = 2;
    m.remember('a', 'stale', startedAt);
    expect(m.get('a')).toBeUndefined();
    store.revision = undefined;
    m.remember('a', 'unknown', m.now());
    expect(m.get('a')).toBeUndefined();
    expect(m.stats.entries).toBe(0);
  });

  it('keeps within its budget by forgetting the earliest first, and remembers nothing with a budget of 0', () => {
    const { memo: m } = memo(10);
    for (const [key, value] of [
      ['a', 'aaaa'],
      ['b', 'bbbb'],
      ['c', 'cccc'],
    ] as const)
      m.remember(key, value, m.now());
    expect([m.get('a'), m.get('b'), m.get('c')]).toEqual([undefined, 'bbbb', 'cccc']);
    m.remember('b', 'bb', m.now());
    expect(m.stats).toEqual({ entries: 2, size: 6 });
    m.remember('huge', 'x'.repeat(11), m.now());
    expect(m.get('huge')).toBeUndefined();

    const { memo: none } = memo(0);
    expect(none.now()).toBeUndefined();
    none.remember('a', 'a', 1);
    expect(none.get('a')).toBeUndefined();
  });
});
