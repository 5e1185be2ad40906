import { getHeapStatistics } from "node:v8";
import { readCountLimitSettings, type CountLimitSettings } from "../appSettings";
import { appSettingNames } from "../contract/settingNames";
import type { Environment } from "../settings";
import { Semaphore } from "../util/semaphore";

/** The process is short of heap: transient (other counts may finish), so it is thrown and Durable retries later. */
export class MemoryPressureError extends Error {
  override readonly name = "MemoryPressureError";
}

type HeapStatistics = () => { used_heap_size: number; heap_size_limit: number };

/** Throws once the V8 heap holds more than `maxPercent` of its limit, before V8 (or the pod's limit) kills the process. */
export function heapGuard(maxPercent: number, statistics: HeapStatistics = getHeapStatistics): () => void {
  return () => {
    const { used_heap_size: used, heap_size_limit: limit } = statistics();
    if (used * 100 > limit * maxPercent) {
      throw new MemoryPressureError(
        `The count stopped at ${Math.round((used * 100) / limit)}% of the heap limit (${Math.round(limit / 1_048_576)} MiB); '${appSettingNames.queryMaxHeapPercent}' is ${maxPercent}.`,
      );
    }
  };
}

/**
 * Every count slot of this worker is taken: transient, so it is thrown and the orchestrator's retry options try again
 * later. Waiting inside the activity instead would spend its functionTimeout, whose expiry restarts the whole worker
 * process with every execution in it (azure-functions-host src/WebJobs.Script.WebHost/WebScriptHostExceptionHandler.cs).
 */
export class CountSlotsBusyError extends Error {
  override readonly name = "CountSlotsBusyError";
}

/** What bounds the memory of counts in one process. */
export interface CountLimits {
  /** Counts running at the same time in this process (QueryMaxConcurrentCounts); one more is refused, not queued. */
  readonly gate: Semaphore;
  readonly maxDistinctValues: number;
  readonly checkMemory: () => void;
}

export function countLimitsFrom(settings: CountLimitSettings, statistics: HeapStatistics = getHeapStatistics): CountLimits {
  return {
    gate: new Semaphore(settings.maxConcurrentCounts),
    maxDistinctValues: settings.maxDistinctValues,
    checkMemory: heapGuard(settings.maxHeapPercent, statistics),
  };
}

export function countLimits(env: Environment, statistics: HeapStatistics = getHeapStatistics): CountLimits {
  return countLimitsFrom(readCountLimitSettings(env), statistics);
}
