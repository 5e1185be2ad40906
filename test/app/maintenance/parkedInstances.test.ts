// The parked-instances timer: which rows of the task hub's Instances table count as parked, the line it logs for the
// alert, how it reaches the table from the host's own storage settings, and its registration.
import type { TableClient, TableEntityResult } from "@azure/data-tables";
import type { Timer } from "@azure/functions";
import type { TokenCredential } from "@azure/identity";
import { afterEach, describe, expect, it, vi } from "vitest";
import { functionNames } from "../../../app/src/contract/functionNames";
import { parkedInstancesLogPrefix } from "../../../app/src/contract/logLines";
import { hostSettingNames } from "../../../app/src/contract/settingNames";
import {
  countParkedInstances,
  parkedInstancesMessage,
  parkedInstancesSchedule,
  reportParkedInstances,
  taskHubInstancesTable,
} from "../../../app/src/maintenance/parkedInstances";
import { invocationContext } from "../../support/fakeDurableClient";
import { installFunctionsHostCapture, summarize, takeRegistrations } from "../../support/functionsHostCapture";

type Row = { Version?: string | null; RuntimeStatus: string };

/** A table that answers with the given pages and records the query options it was asked with. */
function pagedTable(pages: Row[][]) {
  const asked: { queryOptions: unknown; pageSize: number | undefined }[] = [];
  const table = {
    listEntities: (options: { queryOptions: unknown }) => ({
      byPage: ({ maxPageSize }: { maxPageSize?: number }) => {
        asked.push({ queryOptions: options.queryOptions, pageSize: maxPageSize });
        return (async function* () {
          for (const page of pages) yield page as TableEntityResult<Row>[];
        })();
      },
    }),
  } as unknown as Pick<TableClient, "listEntities">;
  return { table, asked };
}

function recordingCredential(calls: string[]): TokenCredential {
  return {
    getToken: async (scopes) => {
      calls.push(`token ${[scopes].flat().join(" ")}`);
      throw new Error("no token in unit tests");
    },
  };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("countParkedInstances", () => {
  it("asks only for Running and Pending rows, their Version and RuntimeStatus, a page at a time", async () => {
    const { table, asked } = pagedTable([[]]);
    await countParkedInstances(table, "1.0", 500);
    expect(asked).toEqual([
      {
        queryOptions: { filter: "RuntimeStatus eq 'Running' or RuntimeStatus eq 'Pending'", select: ["Version", "RuntimeStatus"] },
        pageSize: 500,
      },
    ]);
  });

  it("counts, over every page, the rows whose version is newer than the worker's, by version", async () => {
    const { table } = pagedTable([
      [
        { Version: "2.0", RuntimeStatus: "Running" },
        { Version: "1.0", RuntimeStatus: "Running" },
      ],
      [{ Version: "", RuntimeStatus: "Pending" }, { RuntimeStatus: "Running" }, { Version: null, RuntimeStatus: "Running" }],
      [
        { Version: "2.0", RuntimeStatus: "Pending" },
        { Version: "10.0", RuntimeStatus: "Running" },
        { Version: "0.9", RuntimeStatus: "Running" },
      ],
    ]);
    expect(await countParkedInstances(table, "1.0")).toEqual({
      parked: 3,
      active: 8,
      parkedByVersion: { "2.0": 2, "10.0": 1 },
      uncomparableByVersion: {},
    });
  });

  it("an unversioned worker (no defaultVersion) finds every versioned instance newer", async () => {
    const { table } = pagedTable([
      [
        { Version: "1.0", RuntimeStatus: "Running" },
        { Version: "", RuntimeStatus: "Running" },
      ],
    ]);
    expect((await countParkedInstances(table, "")).parked).toBe(1);
  });

  it("a version this app cannot compare is reported apart, not counted as parked", async () => {
    const { table } = pagedTable([
      [
        { Version: "2", RuntimeStatus: "Running" },
        { Version: "2.0.1", RuntimeStatus: "Pending" },
      ],
    ]);
    expect(await countParkedInstances(table, "1.0")).toEqual({
      parked: 0,
      active: 2,
      parkedByVersion: {},
      uncomparableByVersion: { "2": 1, "2.0.1": 1 },
    });
  });
});

describe("parkedInstancesMessage: the line the alert reads", () => {
  it("starts with the shared prefix and the count, then says what was counted", () => {
    const message = parkedInstancesMessage(
      { parked: 3, active: 12, parkedByVersion: { "2.0": 2, "2.1": 1 }, uncomparableByVersion: {} },
      "1.0",
      "durabledev",
    );
    expect(message).toBe(
      `${parkedInstancesLogPrefix}3 in task hub durabledev (Running or Pending with a version above this worker's 1.0; by version: 2.0=2, 2.1=1; 12 Running or Pending in all).`,
    );
    expect(message).toMatch(/^Parked orchestration instances: 3 in task hub durabledev \(/);
  });

  it("none parked; uncomparable versions named", () => {
    expect(parkedInstancesMessage({ parked: 0, active: 4, parkedByVersion: {}, uncomparableByVersion: { "2": 1 } }, "1.0", "hub")).toBe(
      `${parkedInstancesLogPrefix}0 in task hub hub (Running or Pending with a version above this worker's 1.0; 4 Running or Pending in all; ` +
        `not compared, a version this app does not use: 2=1).`,
    );
  });
});

describe("taskHubInstancesTable: the host's own storage settings", () => {
  it("the connection string when AzureWebJobsStorage is set (shared-key fallback, Azurite), never the identity", () => {
    const calls: string[] = [];
    const table = taskHubInstancesTable(
      {
        [hostSettingNames.taskHubName]: "DurableDev",
        [hostSettingNames.webJobsStorage]:
          "DefaultEndpointsProtocol=https;AccountName=stdev;AccountKey=a2V5;EndpointSuffix=core.windows.net",
      },
      () => recordingCredential(calls),
    );
    expect(table.tableName).toBe("DurableDevInstances");
    expect(table.url).toBe("https://stdev.table.core.windows.net");
    expect(calls).toEqual([]);
  });

  it("the account name with the app's identity otherwise (the default on both hostings), over https", async () => {
    const calls: string[] = [];
    const table = taskHubInstancesTable(
      {
        [hostSettingNames.taskHubName]: "DurableDev",
        [hostSettingNames.webJobsStorageAccountName]: "stdev",
        [hostSettingNames.webJobsStorageCredential]: "workloadidentity",
      },
      () => recordingCredential(calls),
    );
    expect(table.tableName).toBe("DurableDevInstances");
    expect(table.url).toBe("https://stdev.table.core.windows.net/");
    await expect(countParkedInstances(table, "1.0")).rejects.toThrow(/no token in unit tests/);
    expect(calls).toEqual(["token https://storage.azure.com/.default"]);
  });

  it("names the missing setting", () => {
    const credential = () => recordingCredential([]);
    expect(() => taskHubInstancesTable({ [hostSettingNames.webJobsStorageAccountName]: "stdev" }, credential)).toThrow(
      /'TaskHubName' is missing or empty/,
    );
    expect(() => taskHubInstancesTable({ [hostSettingNames.taskHubName]: "DurableDev" }, credential)).toThrow(
      /neither 'AzureWebJobsStorage' nor 'AzureWebJobsStorage__accountName' is set/,
    );
  });
});

describe("reportParkedInstances: the registered timer", () => {
  const timer: Timer = { isPastDue: false, schedule: { adjustForDST: true }, scheduleStatus: { last: "", next: "", lastUpdated: "" } };

  it("logs one line counted against the worker's version (here the override, else host.json's)", async () => {
    const { table } = pagedTable([
      [
        { Version: "1.0", RuntimeStatus: "Running" },
        { Version: "2.0", RuntimeStatus: "Pending" },
      ],
    ]);
    const logged: string[] = [];
    const context = invocationContext();
    vi.spyOn(context, "log").mockImplementation((...args: unknown[]) => void logged.push(args.join(" ")));
    await reportParkedInstances(timer, context, {
      table: () => table,
      env: { [hostSettingNames.orchestrationVersionOverride]: "1.0", [hostSettingNames.taskHubName]: "durableprod" },
    });
    await reportParkedInstances(timer, context, {
      table: () => table,
      env: { [hostSettingNames.orchestrationVersionOverride]: "0.5", [hostSettingNames.taskHubName]: "durableprodstaging" },
    });
    expect(logged).toEqual([
      `${parkedInstancesLogPrefix}1 in task hub durableprod (Running or Pending with a version above this worker's 1.0; by version: 2.0=1; 2 Running or Pending in all).`,
      `${parkedInstancesLogPrefix}2 in task hub durableprodstaging (Running or Pending with a version above this worker's 0.5; by version: 1.0=1, 2.0=1; 2 Running or Pending in all).`,
    ]);
  });
});

describe("registration", () => {
  it("a timer trigger every five minutes, with no durable client", async () => {
    installFunctionsHostCapture();
    vi.resetModules();
    takeRegistrations();
    await import("../../../app/src/index.js");
    const registered = takeRegistrations();
    expect(summarize(registered).find((fn) => fn.name === functionNames.reportParkedInstances)).toMatchObject({
      trigger: "timerTrigger",
      inputs: [],
    });
    const trigger = Object.values(registered.find((fn) => fn.name === functionNames.reportParkedInstances)!.bindings).find(
      (binding) => binding.type === "timerTrigger",
    );
    expect(trigger?.schedule).toBe(parkedInstancesSchedule);
    expect(parkedInstancesSchedule).toBe("0 */5 * * * *");
  });
});
