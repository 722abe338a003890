/**
 * The typed client of the App's native API, for the Action (and any other Node program). It depends on
 * nothing but the platform's `fetch`: the API's shapes come in as types only, so neither TypeBox nor any
 * App code ends up in a bundle that uses it.
 */
import { randomUUID } from 'node:crypto';
import type {
  CreateDeploymentBody,
  CreateReleaseBody,
  Deployment,
  ReleaseCandidate,
  UpdateDeploymentBody,
} from '../api/schemas.js';
import { globalFetch, type FetchLike } from './fetch-like.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { send, type ApiRequest, type RetryNotice, type Transport } from './send.js';

/** How to reach and authenticate to the App. */
export interface ShiplogClientOptions {
  /** The App's base URL, e.g. `https://shiplog.example.com`; a path prefix (`https://host/shiplog`) is kept. */
  readonly baseUrl: string;
  /** Bearer token: a project API token or a GitHub OIDC ID token. */
  readonly token: string;
  readonly userAgent?: string;
  /** Defaults to the global `fetch`. */
  readonly fetch?: FetchLike;
  readonly retry?: Partial<RetryPolicy>;
  /** Per attempt; defaults to 30 s. */
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onRetry?: (notice: RetryNotice) => void;
}

/** Options of a write. */
export interface WriteOptions {
  /**
   * Sent as `Idempotency-Key` with every attempt of this write, so a retry is recognised as the same
   * request. Defaults to a fresh random key per write.
   */
  readonly idempotencyKey?: string;
}

/** What a create answered: the record, and whether the App had already created it (a replay). */
export interface Created<T> {
  readonly record: T;
  /** True when the App answered `Idempotent-Replayed: true`: an earlier request had created the record. */
  readonly replayed: boolean;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** A client bound to one App and one token. */
export class ShiplogClient {
  private readonly base: string;
  private readonly transport: Transport;

  constructor(private readonly options: ShiplogClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.transport = {
      fetch: options.fetch ?? globalFetch,
      policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    };
  }

  /** `POST /api/releases/{project}/releases/{version}`: cuts a release candidate at a commit. */
  async createReleaseCandidate(
    project: string,
    version: string,
    body: CreateReleaseBody,
    options: WriteOptions = {},
  ): Promise<Created<ReleaseCandidate>> {
    const path = `/api/releases/${segment(project)}/releases/${segment(version)}`;
    return this.create<ReleaseCandidate>(path, body, options);
  }

  /** `POST /api/releases/{project}/environments/{environment}/deployments`: a new `pending` deployment. */
  async createDeployment(
    project: string,
    environment: string,
    body: CreateDeploymentBody,
    options: WriteOptions = {},
  ): Promise<Created<Deployment>> {
    return this.create<Deployment>(deploymentsPath(project, environment), body, options);
  }

  /**
   * `PATCH /api/releases/{project}/environments/{environment}/deployments`: reports the status of the
   * candidate's newest deployment there. Repeating the current status is a no-op, so retrying is safe.
   */
  async reportDeploymentStatus(
    project: string,
    environment: string,
    body: UpdateDeploymentBody,
    options: WriteOptions = {},
  ): Promise<Deployment> {
    const request = this.request('PATCH', deploymentsPath(project, environment), body, options);
    return (await send<Deployment>(request, this.transport)).body;
  }

  /** `GET /api/releases/{project}/deployments/{id}`. */
  async getDeployment(project: string, id: number): Promise<Deployment> {
    const request = this.request('GET', `/api/releases/${segment(project)}/deployments/${id}`);
    return (await send<Deployment>(request, this.transport)).body;
  }

  /** Where a person (or a script) reads a release candidate. */
  candidateUrl(project: string, version: string): string {
    return `${this.base}/api/releases/${segment(project)}/releases/${segment(version)}`;
  }

  /** Where a person (or a script) reads a deployment. */
  deploymentUrl(project: string, id: number): string {
    return `${this.base}/api/releases/${segment(project)}/deployments/${id}`;
  }

  private async create<T>(path: string, body: unknown, options: WriteOptions): Promise<Created<T>> {
    const response = await send<T>(this.request('POST', path, body, options), this.transport);
    return { record: response.body, replayed: response.headers.get('idempotent-replayed') === 'true' };
  }

  private request(
    method: ApiRequest['method'],
    path: string,
    body?: unknown,
    options?: WriteOptions,
  ): ApiRequest {
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${this.options.token}`,
    };
    if (this.options.userAgent) headers['user-agent'] = this.options.userAgent;
    if (body !== undefined) headers['content-type'] = 'application/json';
    // One key per write, reused by every retry of it: that is what makes the retry recognisable.
    if (options) headers['idempotency-key'] = options.idempotencyKey ?? randomUUID();
    return { method, url: `${this.base}${path}`, headers, ...(body === undefined ? {} : { body }) };
  }
}

const segment = (value: string): string => encodeURIComponent(value);
const deploymentsPath = (project: string, environment: string): string =>
  `/api/releases/${segment(project)}/environments/${segment(environment)}/deployments`;
