/** Background work: no overlapping runs, failures logged and survived, stop() waits for a run. */
import { describe, expect, it } from '@jest/globals';
import { Periodic } from '../../app/periodic.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Periodic', () => {
  it('never overlaps runs, and stop() waits for the one in progress', async () => {
    let running = 0;
    let most = 0;
    let finished = 0;
    let release: () => void = () => undefined;
    const task = new Periodic(
      async () => {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => (release = resolve));
        running--;
        finished++;
      },
      { error: () => undefined },
      'failed',
    );
    task.start(5);
    await sleep(40); // several ticks while the first run is still waiting
    expect(most).toBe(1);
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await sleep(10);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(finished).toBe(1);
  });

  it('logs a failed run and runs again at the next tick', async () => {
    const logged: unknown[] = [];
    let runs = 0;
    const task = new Periodic(
      async () => {
        runs++;
        throw new Error(`run ${runs}`);
      },
      { error: (line: unknown) => void logged.push(line) },
      'lock expiry check failed',
    );
    task.start(5);
    await sleep(40);
    await task.stop();
    expect(runs).toBeGreaterThan(1);
    expect(logged[0]).toEqual({ err: new Error('run 1') });
  });
});
