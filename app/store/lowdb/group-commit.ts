/**
 * Group commit: many transactions share one write. A caller of {@link GroupCommit.flush} is resolved by
 * the first write that starts after its call, so its changes are in that write's snapshot. While one
 * write runs, every caller joins the single write queued behind it.
 *
 * When no write is running, the first caller would otherwise write alone while its concurrent peers
 * (whose answers just went out) are still on their way back: batches alternate 1, 49, 1, 49. So if the
 * last batch was shared, a write that starts from idle first waits a fraction of the last write's
 * duration (capped) to gather them; a lone client pays no delay.
 */
export interface GroupCommitOptions {
  /** Upper bound of the gathering wait. */
  readonly maxGatherMs: number;
}

export class GroupCommit {
  private inFlight: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private writing = false;
  private callers = 0;
  private lastBatch = 0;
  private lastDurationMs = 0;

  constructor(
    private readonly writeSnapshot: () => Promise<void>,
    private readonly options: GroupCommitOptions = { maxGatherMs: 10 },
  ) {}

  flush(): Promise<void> {
    this.callers++;
    if (this.queued) return this.queued;
    const gatherMs =
      this.writing || this.lastBatch <= 1 ? 0 : Math.min(this.options.maxGatherMs, this.lastDurationMs / 4);
    const next = this.inFlight
      .catch(() => undefined)
      .then(async () => {
        if (gatherMs > 0) await new Promise((resolve) => setTimeout(resolve, gatherMs));
        // From here on, new callers need a later write: this one's snapshot is taken now.
        this.queued = undefined;
        const batch = this.callers;
        this.callers = 0;
        this.writing = true;
        const started = performance.now();
        try {
          await this.writeSnapshot();
        } finally {
          this.writing = false;
          this.lastBatch = batch;
          this.lastDurationMs = performance.now() - started;
        }
      });
    this.queued = next;
    this.inFlight = next;
    return next;
  }

  /** Waits for every write started or queued so far. */
  async settle(): Promise<void> {
    await this.inFlight.catch(() => undefined);
  }
}
