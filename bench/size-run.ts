/**
 * One size: seed a data file, then for each phase (the reads together, each write scenario alone) start
 * the App in its own process on a fresh copy of the seeded file, measure each scenario together with the
 * bare hello (and, for cached reads, the bare server sending the same answer), and stop it. Write phases
 * restart from the seeded file so "at 10k" means at 10k, not at 10k plus the previous phase's writes.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bareHello, bareSameBytes } from './baseline.js';
import { startChildServer, type ChildServer } from './child-server.js';
import type { Pinning } from './cpu-pinning.js';
import { formatBytes, formatDuration, formatSize } from './format.js';
import { firstAnswer, measureTogether, type Contender, type LoadSettings } from './load.js';
import { profileLines, summariseProfile } from './profile-summary.js';
import { describeResult, failureWarning } from './report.js';
import type { ScenarioResult, SizeRun } from './results.js';
import { readScenarios, uncachedReadScenarios, writeScenarios, type Scenario } from './scenarios.js';
import { seedDataFile } from './seed.js';

const APP_MAIN = fileURLToPath(new URL('../app/main.js', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What {@link runSize} needs besides the size. */
export interface SizeRunOptions {
  readonly settings: LoadSettings;
  /** The bare Fastify server, measured together with the App. */
  readonly bareServer: ChildServer;
  /** Only scenarios whose name contains one of these; all when empty. */
  readonly scenarioFilter: readonly string[];
  /** When set, the App runs under `--cpu-prof` writing here, and each phase's profile is summarised. */
  readonly profileDir: string | undefined;
  /** Where the App runs, when the benchmark pins its processes. */
  readonly pinning: Pinning | undefined;
}

/** Scenarios measured against one App process. */
interface Phase {
  readonly name: string;
  readonly scenarios: readonly Scenario[];
  /** Added to the App's environment. */
  readonly env?: Record<string, string>;
}

/** The App's environment: the seeded file, quiet logs, GitHub off whatever this shell has set. */
const appEnv = (dataPath: string): Record<string, string> => ({
  SHIPLOG_DATA: dataPath,
  LOG_LEVEL: 'warn',
  SHIPLOG_ADMIN_TOKEN: randomBytes(32).toString('hex'),
  APP_ID: '',
  PRIVATE_KEY: '',
  PRIVATE_KEY_PATH: '',
  WEBHOOK_SECRET: '',
});

async function printProfiles(directory: string, phase: string): Promise<void> {
  const files = (await readdir(directory)).filter((name) => name.endsWith('.cpuprofile'));
  for (const file of files) {
    const path = join(directory, file);
    console.log(`   CPU profile of the App, ${phase}: ${path}`);
    for (const line of profileLines(await summariseProfile(path, REPO_ROOT))) console.log(`     ${line}`);
  }
}

/** Starts the App on a fresh copy of the seeded file, measures the phase's scenarios, stops the App. */
async function runPhase(
  phase: Phase,
  files: { readonly seeded: string; readonly data: string },
  size: number,
  options: SizeRunOptions,
): Promise<{ results: ScenarioResult[]; startupMs: number }> {
  await copyFile(files.seeded, files.data);
  const profileDir = options.profileDir && join(options.profileDir, formatSize(size), phase.name);
  if (profileDir) await mkdir(profileDir, { recursive: true });
  const app = await startChildServer({
    name: 'Shiplog',
    script: APP_MAIN,
    env: { ...appEnv(files.data), ...phase.env },
    nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    readyPath: '/healthz',
    pinning: options.pinning,
  });
  console.log(`   App started for ${phase.name} in ${formatDuration(app.startupMs)} (read + parse + index)`);
  const measured: ScenarioResult[] = [];
  try {
    for (const scenario of phase.scenarios) {
      const contenders: Contender[] = [
        { url: app.url, scenario, pid: app.pid },
        bareHello(options.bareServer),
      ];
      const answer = scenario.kind === 'read' ? await firstAnswer(app.url, scenario) : undefined;
      if (answer !== undefined) contenders.push(await bareSameBytes(options.bareServer, answer));
      const [measurement, bare, same] = await measureTogether(contenders, options.settings);
      if (measurement === undefined || bare === undefined) throw new Error('a contender was not measured');
      const result: ScenarioResult = {
        scenario: scenario.name,
        kind: scenario.kind,
        size,
        measurement,
        bare,
        ...(answer !== undefined && same !== undefined
          ? { sameBytes: { bytes: answer.body.byteLength, encoding: answer.encoding, measurement: same } }
          : {}),
      };
      measured.push(result);
      console.log(`   ${describeResult(result)}`);
      const warning = failureWarning(result);
      if (warning) console.log(`${warning}\n--- last App output ---\n${app.output().slice(-2_000)}`);
    }
  } finally {
    await app.stop();
  }
  const dataBytesAfter = (await stat(files.data)).size;
  if (phase.scenarios.some((scenario) => scenario.kind === 'write')) {
    console.log(`     data file after this phase: ${formatBytes(dataBytesAfter)}`);
  }
  if (profileDir) await printProfiles(profileDir, phase.name);
  return { results: measured.map((result) => ({ ...result, dataBytesAfter })), startupMs: app.startupMs };
}

/** Seeds `size` deployments, measures every selected scenario against the App, cleans up. */
export async function runSize(size: number, options: SizeRunOptions): Promise<SizeRun> {
  const directory = await mkdtemp(join(tmpdir(), 'shiplog-bench-'));
  const files = { seeded: join(directory, 'seeded.json'), data: join(directory, 'shiplog.json') };
  try {
    const seedStart = performance.now();
    const fixture = await seedDataFile(files.seeded, size);
    const seedMs = performance.now() - seedStart;
    const seededBytes = (await stat(files.seeded)).size;
    console.log(
      `\n== ${formatSize(size)} deployments: data file ${formatBytes(seededBytes)}, seeded in ${formatDuration(seedMs)}`,
    );

    const wanted = (scenario: Scenario) =>
      options.scenarioFilter.length === 0 ||
      options.scenarioFilter.some((part) => scenario.name.includes(part));
    const phases: Phase[] = [
      { name: 'reads', scenarios: readScenarios(fixture).filter(wanted) },
      {
        name: 'reads-uncached',
        scenarios: uncachedReadScenarios(fixture).filter(wanted),
        env: { SHIPLOG_RESPONSE_CACHE_MB: '0' },
      },
      ...writeScenarios(fixture)
        .filter(wanted)
        .map((scenario) => ({ name: scenario.name, scenarios: [scenario] })),
    ].filter((phase) => phase.scenarios.length > 0);

    const results: ScenarioResult[] = [];
    const startups: number[] = [];
    for (const phase of phases) {
      const ran = await runPhase(phase, files, size, options);
      startups.push(ran.startupMs);
      results.push(...ran.results);
    }
    return { size, seededBytes, seedMs, startupMs: startups[0] ?? 0, results };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
