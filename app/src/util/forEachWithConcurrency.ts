/**
 * Runs `work` for every item with at most `concurrency` calls in flight. The first failure aborts the signal handed to
 * the calls still running, stops new ones from starting and is what the returned promise rejects with.
 */
export async function forEachWithConcurrency<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  const controller = new AbortController();
  let next = 0;
  let firstError: { error: unknown } | undefined;

  async function worker(): Promise<void> {
    while (firstError === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item, controller.signal);
      } catch (error) {
        if (firstError === undefined) {
          firstError = { error };
          controller.abort();
        }
      }
    }
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (firstError !== undefined) throw firstError.error;
}
