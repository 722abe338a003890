/**
 * CPU time from Linux's /proc: of another process (was the server saturated, ~100% of one core, or
 * waiting?) and of the whole machine (did something else take CPU while we measured?).
 */
import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second for /proc times (USER_HZ): 100 on every mainstream Linux build. */
const TICKS_PER_SECOND = 100;
const ticksToMs = (ticks: number): number => (ticks * 1000) / TICKS_PER_SECOND;

/** User + system CPU milliseconds of process `pid`, or undefined where /proc is unavailable. */
export function processCpuMs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces and parentheses): state is field 3,
  // utime field 14 and stime field 15 of the whole line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return ticksToMs(utime + stime);
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
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return undefined;
  }
  // cutime and cstime are fields 16 and 17 of the whole line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cutime = Number(fields[13]);
  const cstime = Number(fields[14]);
  return Number.isFinite(cutime) && Number.isFinite(cstime) ? ticksToMs(cutime + cstime) : undefined;
}
