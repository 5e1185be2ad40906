/** At most `size` calls of `tryRun` in flight; a call beyond that is refused at once, never queued. */
export class Semaphore {
  private active = 0;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be a positive integer, got ${size}`);
  }

  /** Runs `work` in a free slot, or returns undefined without running it when every slot is taken. */
  tryRun<T>(work: () => Promise<T>): Promise<T> | undefined {
    if (this.active >= this.size) return undefined;
    this.active++;
    let running: Promise<T>;
    try {
      running = work();
    } catch (error) {
      this.active--;
      throw error;
    }
    return running.finally(() => this.active--);
  }
}
