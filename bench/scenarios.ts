/**
 * What the benchmark asks of the servers: the baseline hello, the App's reads, and its durable writes.
 * Reads cycle through a fixed list; writes come from a generator shared by all connections, so bodies
 * vary and every write really changes the store.
 */
import type { Fixture } from './seed.js';

/** One HTTP request, as the scenarios describe it. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly path: string;
  /** JSON text. */
  readonly body?: string;
}

/** One load pattern to measure. */
export interface Scenario {
  /** `reads/deployments-list`, `writes/report-status`, ... */
  readonly name: string;
  /** `read-uncached`: a read measured with the App's response cache off (informative, no aim). */
  readonly kind: 'baseline' | 'read' | 'read-uncached' | 'write';
  /** What a request means, for the report. */
  readonly description: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Requests each connection cycles through, or a generator called once per request. */
  readonly requests: readonly HttpRequest[] | (() => HttpRequest);
}

/** Distinct read paths per scenario: enough to vary, few enough to keep prebuilt in the load generator. */
const READ_VARIANTS = 64;

/** The baseline: `GET /` on the bare Fastify server. */
export function baselineScenario(): Scenario {
  return {
    name: 'baseline/bare-fastify',
    kind: 'baseline',
    description: 'GET / → {"hello":"world"} (Fastify 5, logger off)',
    headers: {},
    requests: [{ method: 'GET', path: '/' }],
  };
}

/** The bare server answering stored bytes (an answer of the App, `encoding` as it was sent). */
export function sameBytesScenario(name: string, bytes: number, encoding?: string): Scenario {
  return {
    name: 'baseline/same-bytes',
    kind: 'baseline',
    description: `GET /payloads/{name} → ${bytes} bytes${encoding ? ` of ${encoding}` : ''} of JSON stored beforehand (Fastify 5, logger off)`,
    headers: {},
    requests: [{ method: 'GET', path: `/payloads/${name}` }],
  };
}

const spread = <T>(items: readonly T[], count: number): T[] =>
  Array.from({ length: Math.min(count, items.length) }, (_, i) => {
    const item = items[Math.floor((i * items.length) / Math.min(count, items.length))];
    if (item === undefined) throw new Error('spread out of range');
    return item;
  });

const pick = <T>(items: readonly T[], index: number): T => {
  const item = items[index % items.length];
  if (item === undefined) throw new Error('empty fixture list');
  return item;
};

/**
 * What fetch (undici) sends as `Accept-Encoding`; Octokit, Python's requests and Go's net/http ask for
 * gzip too. The App compresses kept answers of 1 KB or more for such clients.
 */
const FETCH_ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * The App's read scenarios against a seeded fixture, asked as fetch asks (gzip accepted), and the two
 * reads big enough to be compressed asked again as curl asks (no `Accept-Encoding`: plain bytes).
 */
export function readScenarios(fixture: Fixture): Scenario[] {
  const base = `/api/releases/${fixture.project}`;
  const plainHeaders = { authorization: `Bearer ${fixture.token}` };
  const headers = { ...plainHeaders, 'accept-encoding': FETCH_ACCEPT_ENCODING };
  const deploymentsList = {
    description: 'GET …/environments/{env}/deployments?per_page=20 (newest first)',
    requests: fixture.environments.map((environment) => ({
      method: 'GET' as const,
      path: `${base}/environments/${environment}/deployments?per_page=20`,
    })),
  };
  const environments = {
    description: 'GET …/environments (current and latest deployment per environment)',
    requests: [{ method: 'GET' as const, path: `${base}/environments` }],
  };
  return [
    { name: 'reads/deployments-list', kind: 'read', headers, ...deploymentsList },
    {
      name: 'reads/release-candidate',
      kind: 'read',
      description: 'GET …/releases/{rc_version}',
      headers,
      requests: spread(fixture.candidates, READ_VARIANTS).map((version) => ({
        method: 'GET',
        path: `${base}/releases/${version}`,
      })),
    },
    { name: 'reads/environments', kind: 'read', headers, ...environments },
    {
      name: 'reads-plain/deployments-list',
      kind: 'read',
      headers: plainHeaders,
      ...deploymentsList,
      description: `${deploymentsList.description}, no Accept-Encoding`,
    },
    {
      name: 'reads-plain/environments',
      kind: 'read',
      headers: plainHeaders,
      ...environments,
      description: `${environments.description}, no Accept-Encoding`,
    },
  ];
}

/**
 * The same reads for an App started with `SHIPLOG_RESPONSE_CACHE_MB=0`: every answer is computed, as it
 * is for the first read after each write.
 */
export function uncachedReadScenarios(fixture: Fixture): Scenario[] {
  return readScenarios(fixture)
    .filter((scenario) => scenario.name.startsWith('reads/'))
    .map((scenario) => ({
      ...scenario,
      name: scenario.name.replace(/^reads\//, 'reads-uncached/'),
      kind: 'read-uncached',
      description: `${scenario.description}, response cache off`,
    }));
}

/** The App's durable-write scenarios: each 2xx answer was fsynced before it was sent. */
export function writeScenarios(fixture: Fixture): Scenario[] {
  const base = `/api/releases/${fixture.project}/environments`;
  const headers = { authorization: `Bearer ${fixture.token}`, 'content-type': 'application/json' };
  const environments = fixture.environments;

  let created = 0;
  const createDeployment = (): HttpRequest => {
    const n = created++;
    // A prime stride scatters the candidates (and visits them all unless their count is a multiple of it).
    const version = pick(fixture.candidates, n * 7919);
    return {
      method: 'POST',
      path: `${base}/${pick(environments, n)}/deployments`,
      body: JSON.stringify({ release_candidate_version: version }),
    };
  };

  // Each (environment, open candidate) pair in turn, alternating in_progress → unknown → in_progress:
  // every report is a real change, and two reports racing on one pair can never be refused (409).
  const pairs = fixture.openCandidates.length * environments.length;
  let reported = 0;
  const reportStatus = (): HttpRequest => {
    const n = reported++;
    const pair = n % pairs;
    const status = Math.floor(n / pairs) % 2 === 0 ? 'unknown' : 'in_progress';
    return {
      method: 'PATCH',
      path: `${base}/${pick(environments, pair)}/deployments`,
      body: JSON.stringify({
        release_candidate_version: pick(fixture.openCandidates, Math.floor(pair / environments.length)),
        status,
      }),
    };
  };

  return [
    {
      name: 'writes/create-deployment',
      kind: 'write',
      description: 'POST …/environments/{env}/deployments (new pending deployment, fsynced)',
      headers,
      requests: createDeployment,
    },
    {
      name: 'writes/report-status',
      kind: 'write',
      description: 'PATCH …/environments/{env}/deployments (status change, fsynced)',
      headers,
      requests: reportStatus,
    },
  ];
}
