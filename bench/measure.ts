/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Runs `work` `times` times in a row and returns the median duration in milliseconds and the last result. */
export async function timed<T>(times: number, work: () => Promise<T>): Promise<{ milliseconds: number; result: T }> {
  const durations: number[] = [];
  let result: T | undefined;
  for (let run = 0; run < times; run++) {
    const started = performance.now();
    result = await work();
    durations.push(performance.now() - started);
  }
  return { milliseconds: median(durations), result: result as T };
}

export const formatMs = (milliseconds: number) => `${milliseconds.toFixed(0)} ms`;
export const formatBytes = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`);
