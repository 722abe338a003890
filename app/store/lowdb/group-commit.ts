/**
 * Group commit: many transactions share one write. A caller of {@link GroupCommit.flush} is resolved by
 * the first write that starts after its call, so its changes are in that write's snapshot. While one
 * write runs, every caller joins the single write queued behind it.
 */
export class GroupCommit {
  private inFlight: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;

  constructor(private readonly writeSnapshot: () => Promise<void>) {}

  flush(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.inFlight
      .catch(() => undefined)
      .then(() => {
        // From here on, new callers need a later write: this one's snapshot is taken now.
        this.queued = undefined;
        return this.writeSnapshot();
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
