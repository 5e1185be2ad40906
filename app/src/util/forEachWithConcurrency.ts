/**
 * Runs `work` for every item with at most `concurrency` calls in flight. The first failure aborts the signals of the calls
 * still running, stops new ones from starting and is what the returned promise rejects with.
 *
 * Every call gets a signal of its own: the Azure SDK's HTTP client adds an abort listener to the signal of each request it
 * sends (@typespec/ts-http-runtime dist/commonjs/nodeHttpClient.js sendRequest), so one signal shared by all calls held
 * a listener per request in flight, which Node reports as a leak from 11 on (MaxListenersExceededWarning).
 */
export async function forEachWithConcurrency<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  const running = new Set<AbortController>();
  let next = 0;
  let firstError: { error: unknown } | undefined;

  async function worker(): Promise<void> {
    while (firstError === undefined && next < items.length) {
      const item = items[next++] as T;
      const controller = new AbortController();
      running.add(controller);
      try {
        await work(item, controller.signal);
      } catch (error) {
        if (firstError === undefined) {
          firstError = { error };
          for (const call of running) call.abort();
        }
      } finally {
        running.delete(controller);
      }
    }
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (firstError !== undefined) throw firstError.error;
}
