/**
 * Background work run at an interval while the App runs (the stuck-deployment sweep, lock expiry). A run
 * never overlaps the previous one, a failure is logged and the next run comes anyway, and {@link
 * Periodic.stop} waits for a run in progress, so nothing touches the store after it closes.
 */
import type { Logger } from 'pino';

export class Periodic {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly work: () => Promise<unknown>,
    private readonly log: Pick<Logger, 'error'>,
    /** Logged with a failure, e.g. `lock expiry check failed`. */
    private readonly failure: string,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.work()
        .then(
          () => undefined,
          (error: unknown) => this.log.error({ err: error }, this.failure),
        )
        .finally(() => {
          this.running = undefined;
        });
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
