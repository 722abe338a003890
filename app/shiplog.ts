/**
 * The composition root: builds the store, the GitHub gateway, the services and the HTTP server from a
 * configuration. Production (main.ts) and tests call this same function.
 */
import type { FastifyInstance } from 'fastify';
import type { ProbotOctokit } from 'probot';
import { Probot } from 'probot';
import type { Logger } from 'pino';
import type { AppConfig } from './config.js';
import { disabledGitHubGateway, type GitHubGateway } from './github/gateway.js';
import { ProbotGitHubGateway } from './github/probot-gateway.js';
import { buildServer } from './http/server.js';
import type { WebhookReceiver } from './http/routes/webhooks.js';
import { shiplogApp } from './probot-app.js';
import { GitHubEventService } from './services/github-event-service.js';
import { DEFAULT_MIRROR_TIMING, MirrorService, type MirrorTiming } from './services/mirror-service.js';
import { RepoConfigService } from './services/repo-config-service.js';
import { DEFAULT_SWEEP_INTERVAL_MS, StuckDeploymentService } from './services/stuck-deployment-service.js';
import { WorkflowService } from './services/workflow-service.js';
import { ApprovalService } from './services/approval-service.js';
import { AuditService } from './services/audit.js';
import { AuthService } from './services/auth-service.js';
import { CommandService } from './services/command-service.js';
import { LockService } from './services/lock-service.js';
import { ManualLockService } from './services/manual-lock-service.js';
import { ProtectionRuleService } from './services/protection-rule-service.js';
import { PullRequestService } from './services/pull-request-service.js';
import { DeploymentService } from './services/deployment-service.js';
import { OidcVerifier } from './services/oidc-verifier.js';
import { ProjectService } from './services/project-service.js';
import { ReleaseService } from './services/release-service.js';
import { Periodic } from './periodic.js';
import { openLowdbStore } from './store/lowdb/lowdb-store.js';
import type { Store } from './store/store.js';

export interface ShiplogOptions {
  readonly config: AppConfig;
  readonly logger: Logger;
  /** Defaults to the lowdb store at `config.dataPath`. */
  readonly store?: Store;
  /** Octokit class for Probot; tests pass one with retries and throttling off. */
  readonly Octokit?: typeof ProbotOctokit;
  readonly now?: () => Date;
  readonly timing?: Partial<Timing>;
}

/** Background work's pace; tests make it fast. */
export interface Timing {
  readonly mirror: MirrorTiming;
  readonly sweepIntervalMs: number;
}

const DEFAULT_TIMING: Timing = { mirror: DEFAULT_MIRROR_TIMING, sweepIntervalMs: DEFAULT_SWEEP_INTERVAL_MS };

export interface Shiplog {
  readonly server: FastifyInstance;
  readonly store: Store;
  readonly github: GitHubGateway;
  readonly mirror: MirrorService;
  readonly stuck: StuckDeploymentService;
  readonly locks: LockService;
  /** Stops serving and closes the store after pending writes are on disk. */
  close(): Promise<void>;
}

export const UNCONFIGURED_WARNING =
  'GitHub validation and mirroring are OFF: commits and repositories are not checked and records are marked "verified": false. ' +
  'To configure the GitHub App set APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET (see README, "Configuration").';

export async function createShiplog(options: ShiplogOptions): Promise<Shiplog> {
  const { config, logger } = options;
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const now = options.now ?? (() => new Date());
  const store =
    options.store ??
    (await openLowdbStore({
      path: config.dataPath,
      onCompactionError: (error) =>
        logger.error(
          { err: error, data: config.dataPath },
          'rewriting the data file failed; every change is kept in its journal, and the rewrite will be tried again',
        ),
    }));

  let app: { probot: Probot; gateway: ProbotGitHubGateway } | undefined;
  if (config.github) {
    const probot = new Probot({
      appId: config.github.appId,
      privateKey: config.github.privateKey,
      secret: config.github.webhookSecret,
      baseUrl: config.github.apiBaseUrl,
      log: logger.child({ name: 'probot' }),
      ...(options.Octokit ? { Octokit: options.Octokit } : {}),
    });
    app = { probot, gateway: new ProbotGitHubGateway(probot, config.github.appId) };
  } else {
    logger.warn(UNCONFIGURED_WARNING);
  }
  const github: GitHubGateway = app?.gateway ?? disabledGitHubGateway;
  if (!config.adminToken) {
    logger.warn('The management API is disabled: set SHIPLOG_ADMIN_TOKEN to create projects and tokens.');
  }

  const mirror = new MirrorService(store, github, logger.child({ name: 'mirror' }), now, timing.mirror);
  const deploymentChanged = () => mirror.mirrorWorkAdded();
  const workflows = new WorkflowService(
    store,
    github,
    deploymentChanged,
    logger.child({ name: 'workflows' }),
    now,
  );
  const auth = new AuthService(store, config.adminToken, new OidcVerifier(config.oidc));
  const projects = new ProjectService(store, now);
  const releases = new ReleaseService(store, projects, github, now, workflows);
  const deployments = new DeploymentService(store, projects, releases, now, github.enabled, {
    mirrorWorkAdded: deploymentChanged,
    deploymentCreated: (view) => workflows.deploymentCreated(view),
  });
  const stuck = new StuckDeploymentService(store, deploymentChanged, logger.child({ name: 'stuck' }), now);
  const locks = new LockService(store, github, logger.child({ name: 'locks' }), now);
  const manualLocks = new ManualLockService(locks, projects);
  const approvals = new ApprovalService(
    store,
    github,
    projects,
    deployments,
    logger.child({ name: 'approvals' }),
    now,
  );
  const audit = new AuditService(store, projects);

  let webhooks: WebhookReceiver | undefined;
  if (app) {
    const repoConfig = new RepoConfigService(store, github, logger.child({ name: 'config' }), now);
    const events = new GitHubEventService(
      store,
      github,
      deploymentChanged,
      logger.child({ name: 'events' }),
      now,
    );
    const installations = app.gateway;
    const pullRequests = new PullRequestService(store, locks, logger.child({ name: 'pull-requests' }));
    const commands = new CommandService(
      store,
      {
        projects,
        deployments,
        releases,
        locks,
        approvals,
        pullRequests,
        links: { publicUrl: config.publicUrl },
        now,
      },
      github,
      logger.child({ name: 'commands' }),
    );
    const protectionRules = new ProtectionRuleService(
      store,
      github,
      approvals,
      locks,
      logger.child({ name: 'protection-rules' }),
      now,
    );
    await app.probot.load(
      shiplogApp({ installations, repoConfig, events, workflows, commands, pullRequests, protectionRules }),
    );
    webhooks = app.probot.webhooks;
  }
  const server = await buildServer({
    services: { auth, projects, releases, deployments, locks: manualLocks, approvals, audit },
    logger,
    webhooks,
    responseCache: { revision: () => store.revision, maxBytes: config.responseCacheBytes },
  });

  mirror.start();
  const background = [
    new Periodic(() => stuck.sweep(), logger, 'stuck-deployment check failed'),
    new Periodic(() => locks.settleExpired(), logger, 'lock expiry check failed'),
  ];
  for (const task of background) task.start(timing.sweepIntervalMs);
  return {
    server,
    store,
    github,
    mirror,
    stuck,
    locks,
    async close() {
      await Promise.all(background.map((task) => task.stop()));
      await server.close();
      await mirror.stop();
      await store.close();
    },
  };
}
