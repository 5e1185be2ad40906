import { odata, type TableClient } from "@azure/data-tables";
import type { InvocationContext, Timer } from "@azure/functions";
import type { TokenCredential } from "@azure/identity";
import { azureSecretStores } from "../connection/azureSecretStores";
import { parkedInstancesLogPrefix } from "../contract/logLines";
import { hostSettingNames } from "../contract/settingNames";
import { tableClientFor } from "../connection/tableClient";
import { ConfigurationError, optionalSetting, type Environment } from "../settings";
import { compareOrchestrationVersions, parseOrchestrationVersion, workerOrchestrationVersion } from "../versioning/orchestrationVersion";

/**
 * Every 5 minutes, so the alert's 15-minute window holds about three reports and fires only when all of them saw parked
 * instances: a single report from an older pod during a rolling update does not.
 */
export const parkedInstancesSchedule = "0 */5 * * * *";

/** Running or Pending instances whose version is newer than this worker's: it abandons their work items. */
export interface ParkedInstances {
  readonly parked: number;
  /** Running or Pending instances read, parked or not. */
  readonly active: number;
  readonly parkedByVersion: Readonly<Record<string, number>>;
  /** Versions that are not "<major>.<minor>" (an override set by hand): neither counted as parked nor ignored silently. */
  readonly uncomparableByVersion: Readonly<Record<string, number>>;
}

// The Azure Storage provider's instance table and its columns: Azure/durabletask src/DurableTask.AzureStorage/
// AzureStorageOrchestrationServiceSettings.cs (InstanceTableName) and Tracking/AzureTableTrackingStore.cs (Version, RuntimeStatus).
export const instancesTableName = (taskHubName: string) => `${taskHubName}Instances`;
const activeInstances = odata`RuntimeStatus eq ${"Running"} or RuntimeStatus eq ${"Pending"}`;

interface InstanceRow {
  Version?: string | null;
  RuntimeStatus?: string;
}

function isComparable(version: string | null | undefined): boolean {
  try {
    parseOrchestrationVersion(version);
    return true;
  } catch {
    return false;
  }
}

/** Reads every Running or Pending row of the Instances table, a page at a time, and counts those newer than `workerVersion`. */
export async function countParkedInstances(
  table: Pick<TableClient, "listEntities">,
  workerVersion: string,
  pageSize = 1000,
): Promise<ParkedInstances> {
  const parkedByVersion: Record<string, number> = {};
  const uncomparableByVersion: Record<string, number> = {};
  let active = 0;
  const pages = table
    .listEntities<InstanceRow>({ queryOptions: { filter: activeInstances, select: ["Version", "RuntimeStatus"] } })
    .byPage({ maxPageSize: pageSize });
  for await (const page of pages) {
    for (const row of page) {
      active++;
      const version = row.Version ?? "";
      if (!isComparable(version)) uncomparableByVersion[version] = (uncomparableByVersion[version] ?? 0) + 1;
      else if (compareOrchestrationVersions(version, workerVersion) > 0) parkedByVersion[version] = (parkedByVersion[version] ?? 0) + 1;
    }
  }
  const parked = Object.values(parkedByVersion).reduce((sum, count) => sum + count, 0);
  return { parked, active, parkedByVersion, uncomparableByVersion };
}

const tally = (counts: Readonly<Record<string, number>>, order: (a: string, b: string) => number) =>
  Object.keys(counts)
    .sort(order)
    .map((version) => `${version}=${counts[version]}`)
    .join(", ");

/**
 * One line: the prefix, the count and the task hub first (the alert parses them, per hub: App Service's staging slot
 * reports its own hub to the same workspace), then what was counted.
 */
export function parkedInstancesMessage(result: ParkedInstances, workerVersion: string, hub: string): string {
  const parts = [`Running or Pending with a version above this worker's ${workerVersion}`];
  if (result.parked > 0) parts.push(`by version: ${tally(result.parkedByVersion, compareOrchestrationVersions)}`);
  parts.push(`${result.active} Running or Pending in all`);
  if (Object.keys(result.uncomparableByVersion).length > 0)
    parts.push(`not compared, a version this app does not use: ${tally(result.uncomparableByVersion, (a, b) => a.localeCompare(b))}`);
  return `${parkedInstancesLogPrefix}${result.parked} in task hub ${hub} (${parts.join("; ")}).`;
}

/**
 * The task hub's Instances table through the host's own storage settings: the connection string when the stack uses the
 * shared-key fallback (or Azurite), else the account name with the app's identity, which holds Table Data Contributor
 * on the account.
 */
export function taskHubInstancesTable(env: Environment, tokenCredential: () => TokenCredential): TableClient {
  const hub = optionalSetting(env, hostSettingNames.taskHubName);
  if (!hub) throw new ConfigurationError(`The app setting '${hostSettingNames.taskHubName}' is missing or empty: it names the task hub.`);
  const connectionString = optionalSetting(env, hostSettingNames.webJobsStorage);
  const account = optionalSetting(env, hostSettingNames.webJobsStorageAccountName);
  if (connectionString)
    // The host's own value: it names plain http only where the host itself connects that way (Azurite).
    return tableClientFor(connectionString, instancesTableName(hub), {
      allowInsecureConnection: true,
      source: `app setting '${hostSettingNames.webJobsStorage}'`,
      tokenCredential,
    });
  if (account)
    return tableClientFor(`https://${account}.table.core.windows.net/`, instancesTableName(hub), {
      allowInsecureConnection: false,
      source: `app setting '${hostSettingNames.webJobsStorageAccountName}'`,
      tokenCredential,
    });
  throw new ConfigurationError(
    `Cannot reach the task hub's storage: neither '${hostSettingNames.webJobsStorage}' nor '${hostSettingNames.webJobsStorageAccountName}' is set.`,
  );
}

let processTable: TableClient | undefined;
const processDependencies = {
  env: process.env as Environment,
  table: () => (processTable ??= taskHubInstancesTable(process.env, azureSecretStores(process.env).tokenCredential)),
};

/**
 * The registered timer: logs how many instances wait for a newer worker (after a rollback to an older digest), the
 * line the "Parked orchestration instances" alert reads. The host passes two arguments; tests pass the rest.
 */
export async function reportParkedInstances(
  _timer: Timer,
  context: InvocationContext,
  dependencies: { env: Environment; table: () => Pick<TableClient, "listEntities"> } = processDependencies,
): Promise<void> {
  const workerVersion = workerOrchestrationVersion(dependencies.env);
  const result = await countParkedInstances(dependencies.table(), workerVersion);
  context.log(parkedInstancesMessage(result, workerVersion, optionalSetting(dependencies.env, hostSettingNames.taskHubName) ?? ""));
}
