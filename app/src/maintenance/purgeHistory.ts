import type { InvocationContext, Timer } from "@azure/functions";
import { OrchestrationRuntimeStatus, type DurableClient } from "durable-functions";
import { processAppSettings } from "../appSettings";

/** Daily at 03:17 UTC (NCRONTAB, seconds first). */
// A scaled-out app runs a timer on one instance only (https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer#scale-out).
export const historyPurgeSchedule = "0 17 3 * * *";

/** Only finished instances: running, pending and suspended ones keep their history whatever their age. */
const purgedStatuses = [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

const millisecondsPerDay = 86_400_000;

/**
 * Purges finished instances created more than `retentionDays` before `now`. The filter is on creation time (the only
 * time the purge API filters on), so an instance that ran for weeks goes when its start leaves the window.
 */
export async function purgeHistoryOlderThan(
  client: Pick<DurableClient, "purgeInstanceHistoryBy">,
  retentionDays: number,
  now: Date,
): Promise<{ purged: number; createdBefore: string }> {
  const createdTimeTo = new Date(now.getTime() - retentionDays * millisecondsPerDay);
  // Without rpcBaseUrl the SDK rejects a missing createdTimeFrom (durable-functions 3.5.0 lib/src/durableClient/DurableClient.js purgeInstanceHistoryBy).
  const result = await client.purgeInstanceHistoryBy({ createdTimeFrom: new Date(0), createdTimeTo, runtimeStatus: purgedStatuses });
  return { purged: result.instancesDeleted, createdBefore: createdTimeTo.toISOString() };
}

/**
 * The registered timer: keeps DurableHistoryRetentionDays days of finished orchestrations. The
 * host passes three arguments, so `retentionDays` is the setting the process started with.
 */
export async function purgeOrchestrationHistory(
  _timer: Timer,
  client: DurableClient,
  context: InvocationContext,
  retentionDays: number = processAppSettings().historyRetentionDays,
): Promise<void> {
  const { purged, createdBefore } = await purgeHistoryOlderThan(client, retentionDays, new Date());
  context.log(
    `Purged ${purged} orchestration instances created before ${createdBefore} (completed, failed or terminated; retention ${retentionDays} days).`,
  );
}
