import * as df from "durable-functions";
import type { OrchestrationContext, OrchestrationHandler } from "durable-functions";
import { functionNames } from "../contract/functionNames";
import { startedAtOrAfter } from "../versioning/orchestrationVersion";
import type { CountResult } from "./countActivity";
import { parseQueryRange } from "./queryRange";

function retryOptions(attempts: number): df.RetryOptions {
  const options = new df.RetryOptions(5_000, attempts);
  options.backoffCoefficient = 2;
  options.maxRetryIntervalInMilliseconds = 60_000;
  return options;
}

/**
 * From version 1.0: 10 attempts, 5 s, 10 s, 20 s, 40 s, then 60 s apart (6.25 minutes in all). Besides transient
 * failures (throttling, timeouts, a store briefly unreachable), a count that finds every count slot of its worker busy
 * is refused at once and retried here: the attempts must outlast a running count. Permanent failures come back as a
 * CountResult and are not retried.
 */
export const countRetryOptions = retryOptions(10);

/** Instances started before versioning replay with the options they were started with: 4 attempts, 35 s in all. */
export const countRetryOptionsBeforeVersioning = retryOptions(4);

/**
 * The original service's orchestrator: one activity call with the range, its count as the output. The fan-out over partitions
 * happens inside the activity, so the history holds the range and one number, whatever the range or the table size.
 */
export const queryOrchestrator: OrchestrationHandler = function* (context: OrchestrationContext) {
  const range = parseQueryRange(context.df.getInput());
  if (range === undefined) throw new Error("The query orchestration needs {start, end} as yyyy-mm-dd days, start not after end.");
  const retry = startedAtOrAfter(context, "1.0") ? countRetryOptions : countRetryOptionsBeforeVersioning;
  const result: CountResult = yield context.df.callActivityWithRetry(functionNames.countActivity, retry, range);
  if (!result.ok) throw new Error(result.error);
  return result.count;
};
