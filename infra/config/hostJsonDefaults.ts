import { hostJson } from "../../app/src/contract";

// The Elastic Premium scale controller reads app/host.json, not the host.json overrides among the app settings (issue
// 13's finding; not observable here), so host.json is the one source of these values and the config defaults are read from it.
const durableTask = hostJson.extensions.durableTask;

export const hostJsonDefaults = {
  maxConcurrentActivityFunctions: durableTask.maxConcurrentActivityFunctions,
  maxConcurrentOrchestratorFunctions: durableTask.maxConcurrentOrchestratorFunctions,
  partitionCount: durableTask.storageProvider.partitionCount,
} as const;
