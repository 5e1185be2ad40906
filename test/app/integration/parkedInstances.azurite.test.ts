// The parked-instances count against a real Table service (Azurite): Instances rows as DurableTask.AzureStorage writes
// them, the OData filter evaluated by the service, and every page read.
import { TableClient } from "@azure/data-tables";
import type { Timer } from "@azure/functions";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hostSettingNames } from "../../../app/src/contract/settingNames";
import { countParkedInstances, reportParkedInstances, taskHubInstancesTable } from "../../../app/src/maintenance/parkedInstances";
import { startAzuriteTable, type AzuriteTable } from "../../support/azurite";
import { invocationContext } from "../../support/fakeDurableClient";

const hub = "ParkedHub";

/** An Instances row: PartitionKey the instance id, RowKey empty, Version absent when the instance had none. */
function instanceRow(instanceId: string, runtimeStatus: string, version: string | undefined) {
  return {
    partitionKey: instanceId,
    rowKey: "",
    Name: "queryOrchestrator",
    RuntimeStatus: runtimeStatus,
    CreatedTime: { value: "2026-06-01T10:00:00.0000000Z", type: "DateTime" as const },
    TaskHubName: hub,
    ...(version === undefined ? {} : { Version: version }),
  };
}

const rows = [
  instanceRow("running-2-0", "Running", "2.0"),
  instanceRow("pending-2-0", "Pending", "2.0"),
  instanceRow("running-2-1", "Running", "2.1"),
  instanceRow("running-1-0", "Running", "1.0"),
  instanceRow("running-unversioned", "Running", ""),
  instanceRow("running-no-version", "Running", undefined),
  instanceRow("pending-1-0", "Pending", "1.0"),
  instanceRow("completed-2-0", "Completed", "2.0"),
  instanceRow("failed-3-0", "Failed", "3.0"),
  instanceRow("terminated-2-0", "Terminated", "2.0"),
  instanceRow("suspended-2-0", "Suspended", "2.0"),
];

let azurite: AzuriteTable;
const env = () => ({
  [hostSettingNames.taskHubName]: hub,
  [hostSettingNames.webJobsStorage]: azurite.connectionString,
  // The worker's version pinned, so the expected count does not move when host.json's does.
  [hostSettingNames.orchestrationVersionOverride]: "1.0",
});

beforeAll(async () => {
  azurite = await startAzuriteTable();
  const client = TableClient.fromConnectionString(azurite.connectionString, `${hub}Instances`, { allowInsecureConnection: true });
  await client.createTable();
  for (const row of rows) await client.upsertEntity(row, "Replace");
});

afterAll(async () => {
  await azurite?.stop();
});

describe("countParkedInstances on Azurite", () => {
  it("counts Running and Pending instances above the worker's version, two rows a page", async () => {
    const table = taskHubInstancesTable(env(), () => {
      throw new Error("a keyed connection string needs no identity");
    });
    expect(await countParkedInstances(table, "1.0", 2)).toEqual({
      parked: 3,
      active: 7,
      parkedByVersion: { "2.0": 2, "2.1": 1 },
      uncomparableByVersion: {},
    });
    expect((await countParkedInstances(table, "2.0", 2)).parkedByVersion).toEqual({ "2.1": 1 });
    expect((await countParkedInstances(table, "2.1")).parked).toBe(0);
  });

  it("the registered timer reads the hub's table from the host settings and logs the count", async () => {
    const timer = { isPastDue: false } as Timer;
    const context = invocationContext();
    const logged: string[] = [];
    vi.spyOn(context, "log").mockImplementation((...args: unknown[]) => void logged.push(args.join(" ")));
    const settings = env();
    await reportParkedInstances(timer, context, { env: settings, table: () => taskHubInstancesTable(settings, () => undefined as never) });
    expect(logged).toEqual([
      `Parked orchestration instances: 3 in task hub ${hub} (Running or Pending with a version above this worker's 1.0; by version: 2.0=2, 2.1=1; 7 Running or Pending in all).`,
    ]);
  });
});
