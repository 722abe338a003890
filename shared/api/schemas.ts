/**
 * The REST API's shapes: one schema per body, parameter set and resource. Fastify validates requests
 * against these, the OpenAPI document is generated from them, and their static types are what the App
 * returns and the Action's client reads. The Action imports types only, so TypeBox stays out of its bundle.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { DEPLOYMENT_STATUSES, REPORTABLE_STATUSES } from '../deployment-status.js';

/** Aviator's naming rule for projects and environments: case-sensitive letters, digits, `-` and `_`. */
export const NAME_PATTERN = '^[A-Za-z0-9_-]{1,100}$';
/** `org/repo` as GitHub spells it. */
export const REPO_PATTERN = '^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$';

export const ENVIRONMENT_TIERS = ['production', 'staging', 'development'] as const;
export type EnvironmentTier = (typeof ENVIRONMENT_TIERS)[number];

/**
 * `T | null` as one JSON-Schema type list (`type: ['object', 'null']`) rather than `anyOf`: Fastify's
 * response serializer then tests for null instead of validating the value against every branch.
 */
function Nullable<T extends TSchema>(schema: T, options: Record<string, unknown> = {}) {
  const { type } = schema as unknown as { type: string };
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [type, 'null'], ...options });
}

const Timestamp = Type.String({ format: 'date-time' });
/** A string enum as plain JSON Schema (`enum`), which validates and documents better than a union. */
const literalUnion = <T extends readonly string[]>(values: T, description: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });

export const ErrorBody = Type.Object({
  error: Type.String({ description: 'What was wrong and how to fix it.' }),
});
export type ErrorBody = Static<typeof ErrorBody>;

// Parameters

/** Free text on one line (names of things): no control characters. */
const ONE_LINE_PATTERN = '^[^\\u0000-\\u001F\\u007F]*$';
/** Free text (comments, reasons): no control characters but tab and line breaks. */
const TEXT_PATTERN = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$';

/** A one-line label of at most `maxLength` characters. */
const label = (maxLength: number, description: string) =>
  Type.String({
    minLength: 1,
    maxLength,
    pattern: ONE_LINE_PATTERN,
    description: `${description} One line, no control characters.`,
  });

/** Free text of at most `maxLength` characters. */
const text = (maxLength: number, description: string) =>
  Type.String({
    minLength: 1,
    maxLength,
    pattern: TEXT_PATTERN,
    description: `${description} No control characters but tabs and line breaks.`,
  });

export const Name = Type.String({ pattern: NAME_PATTERN, description: 'Letters, digits, `-` and `_`.' });
export const ProjectParams = Type.Object({
  project: Type.String({ description: 'Project name (case-sensitive).' }),
});
/** A project's record by id: `/api/releases/{project}/deployments/{id}`, `/api/projects/{project}/tokens/{id}`. */
export const ProjectRecordParams = Type.Object({
  project: Type.String({ description: 'Project name (case-sensitive).' }),
  id: Type.Integer({ minimum: 1 }),
});
export const EnvironmentParams = Type.Object({
  project: Type.String({ description: 'Project name (case-sensitive).' }),
  environment: Type.String({ description: 'Environment name (case-sensitive).' }),
});
export const VersionParams = Type.Object({
  project: Type.String({ description: 'Project name (case-sensitive).' }),
  version: Type.String({ description: 'A release candidate version such as `1.4.0-rc2`.' }),
});
export const PageQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1, description: '1-based page number.' })),
  per_page: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Items per page.' }),
  ),
});
export type PageQuery = Static<typeof PageQuery>;

// Management bodies

export const EnvironmentInput = Type.Object(
  {
    name: Name,
    tier: literalUnion(ENVIRONMENT_TIERS, 'production, staging or development.'),
  },
  { additionalProperties: false },
);
export type EnvironmentInput = Static<typeof EnvironmentInput>;

export const ProjectInput = Type.Object(
  {
    name: Name,
    repo: Type.String({ pattern: REPO_PATTERN, description: 'The GitHub repository, `org/repo`.' }),
    environments: Type.Optional(Type.Array(EnvironmentInput, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type ProjectInput = Static<typeof ProjectInput>;

export const TokenInput = Type.Object(
  {
    name: Type.Optional(label(100, 'What the token is for.')),
  },
  { additionalProperties: false },
);
export type TokenInput = Static<typeof TokenInput>;

// Aviator bodies

export const CreateReleaseBody = Type.Object(
  {
    repo: Type.Optional(
      Type.String({ description: "`org/repo`; must be the project's repository. Defaults to it." }),
    ),
    commit: Type.String({
      description: 'The commit SHA (full or at least 7 characters) to cut the release at.',
    }),
    trigger_build_workflow: Type.Optional(
      Type.Boolean({ default: false, description: "Dispatch the project's build workflow." }),
    ),
  },
  { additionalProperties: false },
);
export type CreateReleaseBody = Static<typeof CreateReleaseBody>;

/** Optional report context beyond Aviator's fields: where the report came from and where to look. */
const ReportContext = {
  github_run_id: Type.Optional(
    Type.Integer({ minimum: 1, description: 'The workflow run reporting (`github.run_id`).' }),
  ),
  github_job: Type.Optional(
    label(
      255,
      'The job reporting (`github.job`): its `workflow_job` completion closes the deployment if it ends without a final status.',
    ),
  ),
  log_url: Type.Optional(
    Type.String({ format: 'uri', description: 'Where to read the logs (mirrored to GitHub).' }),
  ),
  environment_url: Type.Optional(
    Type.String({
      format: 'uri',
      description: 'Where the deployed environment is reachable (mirrored to GitHub).',
    }),
  ),
};

export const CreateDeploymentBody = Type.Object(
  {
    release_candidate_version: Type.String({ description: 'The candidate to deploy, e.g. `1.4.0-rc2`.' }),
    ...ReportContext,
  },
  { additionalProperties: false },
);
export type CreateDeploymentBody = Static<typeof CreateDeploymentBody>;

export const DeploymentStatusSchema = literalUnion(
  DEPLOYMENT_STATUSES,
  'blocked (waiting for approvals), pending, in_progress, canceling, unknown, success, failure or canceled.',
);

/** What a client may report: every status but `blocked`, which only approvals decide. */
const ReportableStatusSchema = literalUnion(
  REPORTABLE_STATUSES,
  'pending, in_progress, canceling, unknown, success, failure or canceled.',
);

export const UpdateDeploymentBody = Type.Object(
  {
    release_candidate_version: Type.String({ description: 'The candidate deployed, e.g. `1.4.0-rc2`.' }),
    status: ReportableStatusSchema,
    ...ReportContext,
  },
  { additionalProperties: false },
);
export type UpdateDeploymentBody = Static<typeof UpdateDeploymentBody>;

// Resources

export const Environment = Type.Object({
  name: Type.String(),
  tier: literalUnion(ENVIRONMENT_TIERS, 'The environment tier.'),
  created_at: Timestamp,
});
export type Environment = Static<typeof Environment>;

export const Project = Type.Object({
  name: Type.String(),
  repo: Type.String(),
  build_workflow: Nullable(Type.String()),
  environments: Type.Array(Environment),
  created_at: Timestamp,
});
export type Project = Static<typeof Project>;

export const Token = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  token_prefix: Type.String({ description: 'The first characters of the token, to recognise it.' }),
  created_at: Timestamp,
  revoked_at: Nullable(Timestamp),
});
export type Token = Static<typeof Token>;

export const CreatedToken = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  token: Type.String({ description: 'The secret. Shown once: Shiplog keeps only its hash.' }),
  token_prefix: Type.String(),
  created_at: Timestamp,
});
export type CreatedToken = Static<typeof CreatedToken>;

export const ReleaseCandidate = Type.Object({
  project: Type.String(),
  version: Type.String({ description: '`1.4.0-rc2`' }),
  release_version: Type.String({ description: '`1.4.0`' }),
  number: Type.Integer({ description: 'N of `-rcN`.' }),
  repo: Type.String(),
  commit: Type.String({ description: 'Full SHA when verified; as given when GitHub validation is off.' }),
  verified: Type.Boolean({ description: 'Whether the repository and commit were checked against GitHub.' }),
  status: Type.Unsafe<'ready' | 'building' | 'failed'>({
    type: 'string',
    enum: ['ready', 'building', 'failed'],
    description: '`ready`, or the state of the build dispatched for `trigger_build_workflow: true`.',
  }),
  build: Nullable(
    Type.Object({
      workflow: Type.String(),
      run_id: Nullable(Type.Integer()),
      run_url: Nullable(Type.String()),
      error: Nullable(Type.String()),
    }),
  ),
  created_at: Timestamp,
});
export type ReleaseCandidate = Static<typeof ReleaseCandidate>;

export const Release = Type.Object({
  project: Type.String(),
  version: Type.String(),
  created_at: Timestamp,
  candidates: Type.Array(ReleaseCandidate, { description: 'Oldest first.' }),
});
export type Release = Static<typeof Release>;

export const StatusChange = Type.Object({
  status: DeploymentStatusSchema,
  at: Timestamp,
  reason: Type.Optional(
    Type.String({ description: 'Why, when Shiplog decided it (a timeout, a job conclusion).' }),
  ),
});

export const GitHubMirror = Type.Object(
  {
    deployment_id: Nullable(Type.Integer(), { description: 'The GitHub deployment id.' }),
    state: Type.Unsafe<'pending' | 'synced' | 'failed' | 'off'>({
      type: 'string',
      enum: ['pending', 'synced', 'failed', 'off'],
      description:
        '`synced`: GitHub shows every status; `pending`: on its way (retried with backoff); `failed`: GitHub refused it; `off`: not mirrored (GitHub not configured, or an unverified commit).',
    }),
    last_error: Nullable(Type.String()),
  },
  { description: 'Where the deployment stands on GitHub Deployments.' },
);

export const Deployment = Type.Object({
  id: Type.Integer(),
  project: Type.String(),
  environment: Type.String(),
  release_candidate_version: Nullable(Type.String(), {
    description: 'Null for a deployment made outside Shiplog (reconciled from GitHub).',
  }),
  release_version: Nullable(Type.String()),
  commit: Type.String(),
  status: DeploymentStatusSchema,
  origin: Type.Unsafe<'shiplog' | 'github'>({
    type: 'string',
    enum: ['shiplog', 'github'],
    description:
      '`github`: created outside Shiplog (an Actions job, Argo CD...) and reconciled from webhooks.',
  }),
  verified: Type.Boolean(),
  statuses: Type.Array(StatusChange, { description: 'Every status taken, oldest first.' }),
  github: GitHubMirror,
  workflow_run_id: Nullable(Type.Integer()),
  log_url: Nullable(Type.String()),
  environment_url: Nullable(Type.String()),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Deployment = Static<typeof Deployment>;

export const EnvironmentState = Type.Object({
  name: Type.String(),
  tier: literalUnion(ENVIRONMENT_TIERS, 'The environment tier.'),
  current: Nullable(Deployment, {
    description: 'The newest successful deployment: what runs there now.',
  }),
  latest: Nullable(Deployment, {
    description: 'The newest deployment, whatever its status.',
  }),
});
export type EnvironmentState = Static<typeof EnvironmentState>;

// Approvals, locks and the audit trail

/** A GitHub login, with or without its `@`. */
export const LOGIN_PATTERN = '^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$';

const login = (description: string) => Type.String({ pattern: LOGIN_PATTERN, description });

export const ApprovalBody = Type.Object(
  {
    user: login('The GitHub login approving (`alice`); the token vouches for them.'),
    comment: Type.Optional(text(1000, 'Said with the approval.')),
  },
  { additionalProperties: false },
);
export type ApprovalBody = Static<typeof ApprovalBody>;

export const RejectionBody = Type.Object(
  {
    user: login('The GitHub login rejecting; the token vouches for them.'),
    reason: Type.Optional(text(1000, 'Why it is rejected.')),
  },
  { additionalProperties: false },
);
export type RejectionBody = Static<typeof RejectionBody>;

export const Approvals = Type.Object({
  deployment_id: Nullable(Type.Integer(), {
    description:
      'The Shiplog deployment waiting `blocked`; null for a GitHub deployment held by the protection rule.',
  }),
  github_deployment_id: Nullable(Type.Integer()),
  environment: Type.String(),
  state: literalUnion(['waiting', 'approved', 'rejected'] as const, 'waiting, approved or rejected.'),
  requested_by: Nullable(Type.String(), {
    description: 'The deployer, who never counts as an approver; null for an API request.',
  }),
  pull_request: Nullable(Type.Integer()),
  rules: Type.Array(
    Type.Object({
      count: Type.Integer(),
      users: Type.Array(Type.String()),
      teams: Type.Array(Type.String()),
      approved_by: Type.Array(Type.String(), { description: 'Approvers counted for this rule.' }),
      missing: Type.Integer({ description: 'Approvals this rule still needs.' }),
    }),
  ),
  approvals: Type.Array(
    Type.Object({
      user: Type.String(),
      decision: literalUnion(['approved', 'rejected'] as const, 'approved or rejected.'),
      comment: Nullable(Type.String()),
      source: literalUnion(['comment', 'api'] as const, 'A pull-request comment or the API.'),
      created_at: Timestamp,
    }),
    { description: 'Every decision, oldest first.' },
  ),
  created_at: Timestamp,
  decided_at: Nullable(Timestamp),
});
export type Approvals = Static<typeof Approvals>;

const LockOwner = Type.Object({
  pull_request: Nullable(Type.Integer(), { description: 'The pull request holding it.' }),
  user: Nullable(Type.String(), { description: 'The person holding it (an API lock).' }),
});

export const LockInput = Type.Object(
  {
    user: login('Who takes the lock; the token vouches for them.'),
    reason: Type.Optional(text(500, 'Why the environment is locked.')),
    expires_in_minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 43200 })),
  },
  { additionalProperties: false },
);
export type LockInput = Static<typeof LockInput>;

export const UnlockQuery = Type.Object({
  user: login('Who releases it: its owner, or anyone with the admin token (an override).'),
  reason: Type.Optional(text(500, 'Why the lock is released.')),
});
export type UnlockQuery = Static<typeof UnlockQuery>;

export const LockState = Type.Object({
  environment: Type.String(),
  outcome: Type.Optional(
    Type.String({
      description:
        'What the request did: locked, renewed or queued; unlocked, overridden, left-queue or not-locked.',
    }),
  ),
  lock: Nullable(
    Type.Object({
      owner: LockOwner,
      locked_by: Type.String(),
      reason: Nullable(Type.String()),
      created_at: Timestamp,
      expires_at: Nullable(Timestamp),
    }),
  ),
  queue: Type.Array(
    Type.Object({
      owner: LockOwner,
      requested_by: Type.String(),
      reason: Nullable(Type.String()),
      created_at: Timestamp,
    }),
    { description: 'First in line first: it gets the lock when it frees.' },
  ),
});
export type LockState = Static<typeof LockState>;

export const AuditEvent = Type.Object({
  id: Type.Integer(),
  action: Type.String({
    description:
      'deploy_requested, rollback_requested, approved, rejected, locked, lock_queued, unlocked, lock_overridden, lock_expired, lock_released, lock_passed, protection_rule_approved, protection_rule_rejected or protection_rule_waiting.',
  }),
  actor: Type.String({ description: 'A GitHub login, or `shiplog` for what Shiplog decided itself.' }),
  environment: Nullable(Type.String()),
  deployment_id: Nullable(Type.Integer()),
  pull_request: Nullable(Type.Integer()),
  reason: Nullable(Type.String()),
  source: literalUnion(['comment', 'api', 'github', 'shiplog'] as const, 'Where it came from.'),
  at: Timestamp,
});
export type AuditEvent = Static<typeof AuditEvent>;

export const Health = Type.Object({
  status: Type.Literal('ok'),
  github: Type.Union([Type.Literal('configured'), Type.Literal('unconfigured')]),
});
export type Health = Static<typeof Health>;
