import * as df from "durable-functions";
import type { OrchestrationContext, OrchestrationHandler } from "durable-functions";
import { functionNames } from "../contract/functionNames";
import type { CountResult } from "./countActivity";
import { parseQueryRange } from "./queryRange";

/**
 * Transient failures (throttling, timeouts, a store briefly unreachable) get 4 attempts, 5 s then 10 s then 20 s apart.
 * Permanent ones come back as a CountResult and are not retried.
 */
export const countRetryOptions = (() => {
  const options = new df.RetryOptions(5_000, 4);
  options.backoffCoefficient = 2;
  options.maxRetryIntervalInMilliseconds = 60_000;
  return options;
})();

/**
 * Seed 004's orchestrator: one activity call with the range, its count as the output. The fan-out over partitions
 * happens inside the activity, so the history holds the range and one number, whatever the range or the table size.
 */
export const queryOrchestrator: OrchestrationHandler = function* (context: OrchestrationContext) {
  const range = parseQueryRange(context.df.getInput());
  if (range === undefined) throw new Error("The query orchestration needs {start, end} as yyyy-mm-dd days, start not after end.");
  const result: CountResult = yield context.df.callActivityWithRetry(functionNames.countActivity, countRetryOptions, range);
  if (!result.ok) throw new Error(result.error);
  return result.count;
};
