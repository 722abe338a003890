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
import { AuthService } from './services/auth-service.js';
import { DeploymentService } from './services/deployment-service.js';
import { OidcVerifier } from './services/oidc-verifier.js';
import { ProjectService } from './services/project-service.js';
import { ReleaseService } from './services/release-service.js';
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
}

export interface Shiplog {
  readonly server: FastifyInstance;
  readonly store: Store;
  readonly github: GitHubGateway;
  /** Stops serving and closes the store after pending writes are on disk. */
  close(): Promise<void>;
}

export const UNCONFIGURED_WARNING =
  'GitHub validation and mirroring are OFF: commits and repositories are not checked and records are marked "verified": false. ' +
  'To configure the GitHub App set APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET (see README, "Configuration").';

export async function createShiplog(options: ShiplogOptions): Promise<Shiplog> {
  const { config, logger } = options;
  const store = options.store ?? (await openLowdbStore({ path: config.dataPath }));
  let github: GitHubGateway = disabledGitHubGateway;
  let webhooks: WebhookReceiver | undefined;
  if (config.github) {
    const probot = new Probot({
      appId: config.github.appId,
      privateKey: config.github.privateKey,
      secret: config.github.webhookSecret,
      baseUrl: config.github.apiBaseUrl,
      log: logger.child({ name: 'probot' }),
      ...(options.Octokit ? { Octokit: options.Octokit } : {}),
    });
    const gateway = new ProbotGitHubGateway(probot);
    await probot.load(shiplogApp(gateway));
    github = gateway;
    webhooks = probot.webhooks;
  } else {
    logger.warn(UNCONFIGURED_WARNING);
  }
  if (!config.adminToken) {
    logger.warn('The management API is disabled: set SHIPLOG_ADMIN_TOKEN to create projects and tokens.');
  }

  const now = options.now ?? (() => new Date());
  const auth = new AuthService(store, config.adminToken, new OidcVerifier(config.oidc));
  const projects = new ProjectService(store, now);
  const releases = new ReleaseService(store, projects, github, now);
  const deployments = new DeploymentService(store, projects, releases, now);
  const server = await buildServer({ services: { auth, projects, releases, deployments }, logger, webhooks });

  return {
    server,
    store,
    github,
    async close() {
      await server.close();
      await store.close();
    },
  };
}
