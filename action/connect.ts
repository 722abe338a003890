/**
 * Builds the App client for a step: the bearer token is the `token` input or, without one, the job's
 * GitHub OIDC token; retries are logged.
 */
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../shared/client/retry-policy.js';
import { ShiplogClient } from '../shared/client/shiplog-client.js';
import { messages } from './messages.js';
import { requestIdToken } from './runner/id-token.js';
import type { StepDeps } from './step-deps.js';

/** What {@link connect} needs to know. */
export interface ConnectOptions {
  readonly url: string;
  readonly token: string | undefined;
  readonly audience: string;
  readonly retries: number;
}

const USER_AGENT = 'shiplog-action';

/** Obtains the bearer token (masking it) and returns a client of the App at `options.url`. */
export async function connect(options: ConnectOptions, deps: StepDeps): Promise<ShiplogClient> {
  const { runner } = deps;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, retries: options.retries };
  const authentication = options.token ? 'token' : 'oidc';
  const token =
    options.token ??
    (await requestIdToken({
      env: deps.env,
      audience: options.audience,
      policy,
      fetch: deps.fetch,
      sleep: deps.sleep,
    }));
  runner.mask(token);
  runner.info(messages.authenticatedWith(authentication, options.audience));
  return new ShiplogClient({
    baseUrl: options.url,
    token,
    userAgent: USER_AGENT,
    retry: policy,
    fetch: deps.fetch,
    sleep: deps.sleep,
    onRetry: ({ attempt, reason, delayMs }) => runner.info(messages.retrying(attempt, reason, delayMs)),
  });
}
