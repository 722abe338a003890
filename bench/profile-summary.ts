/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and lists where the time went, by function: self
 * time (spent in the function's own code, including native builtins such as JSON.stringify it calls)
 * and total time (self plus callees).
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
}

/** Time spent in one function, in ms and as a share of the busy (non-idle) time. */
export interface FunctionTime {
  readonly name: string;
  readonly selfMs: number;
  readonly totalMs: number;
}

/** The busiest functions of a profile. */
export interface ProfileSummary {
  readonly wallMs: number;
  readonly busyMs: number;
  readonly bySelf: readonly FunctionTime[];
  readonly byTotal: readonly FunctionTime[];
}

const IDLE = '(idle)';
const WRAPPERS = new Set(['(root)', '(program)', IDLE]);

function nameOf(node: ProfileNode, root: string): string {
  const { functionName, url, lineNumber } = node.callFrame;
  if (!url) return functionName || '(anonymous)';
  const file = url
    .replace(/^file:\/\//, '')
    .replace(root, '')
    .replace(/^.*\/node_modules\//, '');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

/** Summarises the profile at `path`; file paths are shown relative to `root`. */
export async function summariseProfile(path: string, root: string, top = 12): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const hits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const wallMs = (profile.endTime - profile.startTime) / 1000;
  const msPerHit = hits > 0 ? wallMs / hits : 0;
  const self = new Map<string, number>();
  const total = new Map<string, number>();

  // Depth-first, with each node's inclusive hits; a function counts once per stack (recursion).
  const visit = (node: ProfileNode, onStack: Set<string>): number => {
    const name = nameOf(node, root);
    const own = node.hitCount ?? 0;
    self.set(name, (self.get(name) ?? 0) + own);
    const inner = new Set(onStack).add(name);
    let inclusive = own;
    for (const childId of node.children ?? []) {
      const child = byId.get(childId);
      if (child) inclusive += visit(child, inner);
    }
    if (!onStack.has(name)) total.set(name, (total.get(name) ?? 0) + inclusive);
    return inclusive;
  };
  const rootNode = profile.nodes[0];
  if (rootNode) visit(rootNode, new Set());

  const idleMs = (self.get(IDLE) ?? 0) * msPerHit;
  const rank = (map: Map<string, number>): FunctionTime[] =>
    [...map.entries()]
      .filter(([name]) => !WRAPPERS.has(name))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name]) => ({
        name,
        selfMs: (self.get(name) ?? 0) * msPerHit,
        totalMs: (total.get(name) ?? 0) * msPerHit,
      }));
  return { wallMs, busyMs: wallMs - idleMs, bySelf: rank(self), byTotal: rank(total) };
}

/** The summary as printable lines. */
export function profileLines(summary: ProfileSummary): string[] {
  const share = (ms: number) => `${((100 * ms) / Math.max(summary.busyMs, 1)).toFixed(1).padStart(5)}%`;
  const line = (f: FunctionTime, ms: number) =>
    `  ${share(ms)} ${Math.round(ms).toString().padStart(7)} ms  ${f.name}`;
  return [
    `busy ${Math.round(summary.busyMs)} ms of ${Math.round(summary.wallMs)} ms (shares below are of busy time)`,
    'self time:',
    ...summary.bySelf.map((f) => line(f, f.selfMs)),
    'total time (self + callees):',
    ...summary.byTotal.map((f) => line(f, f.totalMs)),
  ];
}
