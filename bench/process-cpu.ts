/**
 * CPU time from Linux's /proc: of another process (was the server saturated, ~100% of one core, or
 * waiting?) and of the whole machine (did something else take CPU while we measured?).
 */
import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second for /proc times (USER_HZ): 100 on every mainstream Linux build. */
const TICKS_PER_SECOND = 100;
const ticksToMs = (ticks: number): number => (ticks * 1000) / TICKS_PER_SECOND;

/** The fields of a `/proc/<pid>/stat` line after the command name (which may hold spaces and parentheses). */
function statFields(path: string): string[] | undefined {
  try {
    const stat = readFileSync(path, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** The sum of two tick counts among `fields` (indexes after the command name), in ms. */
function ticksMs(fields: string[] | undefined, first: number, second: number): number | undefined {
  const a = Number(fields?.[first]);
  const b = Number(fields?.[second]);
  return Number.isFinite(a) && Number.isFinite(b) ? ticksToMs(a + b) : undefined;
}

/** User + system CPU milliseconds of process `pid`, or undefined where /proc is unavailable. */
export function processCpuMs(pid: number): number | undefined {
  // utime and stime: fields 14 and 15 of the whole line (state is field 3).
  return ticksMs(statFields(`/proc/${pid}/stat`), 11, 12);
}

/**
 * CPU milliseconds all cores spent busy so far (user, nice, system, irq, softirq, and steal: time the
 * hypervisor gave to another guest), or undefined where /proc is unavailable.
 */
export function machineBusyMs(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return undefined;
  }
  const [user, nice, system, , , irq, softirq, steal] = (stat.split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = [user, nice, system, irq, softirq, steal].reduce<number>((sum, n) => sum + (n ?? NaN), 0);
  return Number.isFinite(busy) ? ticksToMs(busy) : undefined;
}

/** This process's own CPU milliseconds so far (the load generator's, when called from the runner). */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * CPU milliseconds of this process's children that have ended and been waited for (cutime + cstime): a
 * finished wrk run's. Servers still running are not in it. Undefined where /proc is unavailable.
 */
export function childrenCpuMs(): number | undefined {
  // cutime and cstime: fields 16 and 17 of the whole line.
  return ticksMs(statFields('/proc/self/stat'), 13, 14);
}
