/**
 * Keeping the load generator and the servers under test on separate CPUs.
 *
 * On a 2-core machine the server under test and the load generator each need a whole core. Left to the
 * scheduler, the two (and the kernel's network work they cause) are moved between the cores and at times
 * share one, which shows as rows measured at two thirds of their speed. With `taskset` available and two
 * CPUs or more, the benchmark's own process (the load generator, and the wrk runs it starts) is pinned to
 * all CPUs but the last, and every server it starts to the last one. `BENCH_PIN=0` leaves the scheduler
 * to it.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';

/** Where the processes of a run are kept. */
export interface Pinning {
  /** `taskset -c` list for the servers under test: the last CPU. */
  readonly serverCpus: string;
  /** The CPUs the load generator (this process, every thread) was pinned to. */
  readonly loadCpus: string;
}

/**
 * Pins this process to all CPUs but the last and returns where servers go; undefined when pinning is
 * off, the machine has a single CPU, or `taskset` is missing or refuses.
 */
export function pinLoadGenerator(enabled: boolean): Pinning | undefined {
  const count = cpus().length;
  if (!enabled || count < 2) return undefined;
  const last = count - 1;
  const pinning: Pinning = { serverCpus: String(last), loadCpus: last === 1 ? '0' : `0-${last - 1}` };
  // -a: every thread of the process (libuv's pool and V8's workers too), not only the main one.
  const pinned = spawnSync('taskset', ['-a', '-p', '-c', pinning.loadCpus, String(process.pid)], {
    stdio: 'ignore',
  });
  return pinned.status === 0 ? pinning : undefined;
}

/** The command that starts `node` with `args` on `pinning`'s server CPUs, or plain `node`. */
export function serverCommand(
  pinning: Pinning | undefined,
  args: readonly string[],
): { command: string; args: string[] } {
  return pinning === undefined
    ? { command: process.execPath, args: [...args] }
    : { command: 'taskset', args: ['-c', pinning.serverCpus, process.execPath, ...args] };
}
