// The count against a real Azurite Table service, started for this file on a free port and stopped after it.
import { TableClient } from "@azure/data-tables";
import { getEventListeners, setMaxListeners } from "node:events";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { expectedDistinctCount, generateAuditEntities, type AuditEntity } from "../../../app/scripts/auditSeedData";
import { loadAuditTable } from "../../../app/scripts/loadAuditTable";
import { tableClientFor } from "../../../app/src/connection/tableClient";
import { cachedAuditTable } from "../../../app/src/query/auditTable";
import { countCertifiedIdentifications, runCountActivity } from "../../../app/src/query/countActivity";
import {
  collectIdentifications,
  countDistinctIdentifications,
  type EntityLister,
} from "../../../app/src/query/countDistinctIdentifications";
import { appSettingDefaults } from "../../../app/src/contract/settingNames";
import { DistinctValues } from "../../../app/src/query/distinctValues";
import { singleRangeFilter } from "../../../app/src/query/partitionSegments";
import type { SecretStores } from "../../../app/src/connection/resolveTableConnectionString";
import { invocationContext } from "../../support/fakeDurableClient";
import { startAzuriteTable, type AzuriteTable } from "../../support/azurite";

const tableName = "audit";
const unusedStores: SecretStores = {
  readSetting: () => Promise.reject(new Error("App Configuration must not be consulted when the local setting is set")),
  readSecret: () => Promise.reject(new Error("Key Vault must not be consulted when the local setting is set")),
  tokenCredential: () => {
    throw new Error("A keyed connection string needs no identity");
  },
};

/** Rows that probe the edges of the original range filter, next to the generated bulk. */
const edgeRows: AuditEntity[] = [
  { partitionKey: "2024-03-05", rowKey: "edge-empty-cert", identificationNumber: "ONLY-EMPTY-CERT", CertNumber: "", Payload: "" },
  { partitionKey: "2024-03-05", rowKey: "edge-no-cert", identificationNumber: "ONLY-NO-CERT", Payload: "" },
  { partitionKey: "2024-03-05", rowKey: "edge-no-id", CertNumber: "C-x", Payload: "" },
  { partitionKey: "2024-03-05", rowKey: "edge-quote", identificationNumber: "O'BRIEN", CertNumber: "C-'1'", Payload: "" },
  // Not well-formed days, but inside the original's string range: the segments must find them too.
  { partitionKey: "2024-03-05x", rowKey: "edge-suffix", identificationNumber: "SUFFIXED-KEY", CertNumber: "C-y", Payload: "" },
  { partitionKey: "2024-03-1", rowKey: "edge-short", identificationNumber: "SHORT-KEY", CertNumber: "C-z", Payload: "" },
];

const text = (value: string) => ({ value, type: "String" });

let azurite: AzuriteTable;
let table: TableClient;
let rows: AuditEntity[];

beforeAll(async () => {
  azurite = await startAzuriteTable();
  table = TableClient.fromConnectionString(azurite.connectionString, tableName, { allowInsecureConnection: true });
  rows = [
    ...generateAuditEntities({ firstDay: "2024-03-01", days: 40, entities: 4000, distinctIdentifications: 900, seed: 7 }),
    ...edgeRows,
  ];
  await loadAuditTable(table, rows);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await azurite?.stop();
});

const ranges = [
  { name: "empty (no partitions in range)", start: "2023-01-01", end: "2023-01-31" },
  { name: "single day", start: "2024-03-07", end: "2024-03-07" },
  { name: "single day with the edge rows", start: "2024-03-05", end: "2024-03-05" },
  { name: "two days", start: "2024-03-05", end: "2024-03-06" },
  { name: "multi-day across a month end", start: "2024-03-20", end: "2024-04-05" },
  { name: "whole data set and beyond", start: "2024-01-01", end: "2024-12-31" },
];

describe("countDistinctIdentifications on Azurite", () => {
  it.each(ranges)("$name: equals the count computed from the rows themselves", async ({ start, end }) => {
    const count = await countDistinctIdentifications(table, { start, end }, { concurrency: 8 });
    expect(count).toBe(expectedDistinctCount(rows, start, end));
  });

  it.each(ranges)("$name: equals the original API's single range query", async ({ start, end }) => {
    const seen = new DistinctValues();
    await collectIdentifications(table, singleRangeFilter({ start, end }), seen);
    expect(await countDistinctIdentifications(table, { start, end }, { concurrency: 4 })).toBe(seen.size);
  });

  it("the data set is big enough to mean something", () => {
    expect(expectedDistinctCount(rows, "2024-01-01", "2024-12-31")).toBeGreaterThan(500);
    expect(expectedDistinctCount(rows, "2024-03-07", "2024-03-07")).toBeGreaterThan(20);
  });

  it("entities with an empty or missing CertNumber are not counted; odd keys inside the range are", async () => {
    const identifications = new DistinctValues();
    await collectIdentifications(table, singleRangeFilter({ start: "2024-03-05", end: "2024-03-06" }), identifications);
    expect(identifications.has(text("ONLY-EMPTY-CERT"))).toBe(false);
    expect(identifications.has(text("ONLY-NO-CERT"))).toBe(false);
    expect(identifications.has(text("O'BRIEN"))).toBe(true);
    expect(identifications.has(text("SUFFIXED-KEY"))).toBe(true);
    const count = await countDistinctIdentifications(table, { start: "2024-03-05", end: "2024-03-06" }, { concurrency: 2 });
    expect(count).toBe(identifications.size);
  });

  it("the same answer whatever the concurrency and however the days are grouped into segments", async () => {
    const range = { start: "2024-02-20", end: "2024-04-20" };
    const expected = expectedDistinctCount(rows, range.start, range.end);
    for (const options of [
      { concurrency: 1 },
      { concurrency: 16 },
      { concurrency: 3, maxSegments: 3 },
      { concurrency: 2, maxSegments: 1 },
    ]) {
      expect(await countDistinctIdentifications(table, range, options)).toBe(expected);
    }
  });

  it("asks only for the identification column, at the largest page size", async () => {
    const requests: URL[] = [];
    const observed = TableClient.fromConnectionString(azurite.connectionString, tableName, {
      allowInsecureConnection: true,
      additionalPolicies: [
        {
          position: "perCall",
          policy: { name: "record", sendRequest: (request, next) => (requests.push(new URL(request.url)), next(request)) },
        },
      ],
    });
    await countDistinctIdentifications(observed, { start: "2024-03-01", end: "2024-03-03" }, { concurrency: 2 });
    expect(requests.length).toBeGreaterThanOrEqual(3);
    for (const url of requests) {
      expect(url.searchParams.get("$select")).toBe("identificationNumber");
      expect(url.searchParams.get("$top")).toBe("1000");
    }
  });
});

describe("abort listeners: a count at the default concurrency", () => {
  it("gives no signal more than a couple of listeners, so Node never warns of a leak (MaxListenersExceededWarning)", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => void warnings.push(warning);
    let mostListeners = 0;
    // The client the app builds, with its request-timeout policy.
    const appClient = tableClientFor(azurite.connectionString, tableName, {
      allowInsecureConnection: true,
      source: "test",
      tokenCredential: () => {
        throw new Error("A keyed connection string needs no identity");
      },
    });
    // The SDK's HTTP client adds an abort listener per request to the signal it is given. Node 22.23 no longer warns
    // for AbortSignals by default (nodejs/node PR 55816); Node 20 warns from 11 listeners, as this restores.
    const observed: EntityLister = {
      listEntities: (options) => {
        const signal = options?.abortSignal as AbortSignal | undefined;
        if (signal) {
          setMaxListeners(10, signal);
          mostListeners = Math.max(mostListeners, getEventListeners(signal, "abort").length);
        }
        return appClient.listEntities(options);
      },
    };
    process.on("warning", onWarning);
    try {
      const range = { start: "2024-03-01", end: "2024-04-09" };
      const count = await countDistinctIdentifications(observed, range, { concurrency: Number(appSettingDefaults.QueryConcurrency) });
      expect(count).toBe(expectedDistinctCount(rows, range.start, range.end));
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.filter((warning) => warning.name === "MaxListenersExceededWarning").map((warning) => warning.message)).toEqual([]);
    expect(mostListeners).toBeLessThanOrEqual(2);
  });
});

describe("the count activity on Azurite", () => {
  const env = () => ({ AuditTableConnectionString: azurite.connectionString, AuditTableName: tableName, QueryConcurrency: "4" });

  it("counts through the local connection setting without touching App Configuration", async () => {
    const range = { start: "2024-03-10", end: "2024-03-20" };
    const result = await runCountActivity(range, invocationContext(), cachedAuditTable(env(), unusedStores));
    expect(result).toEqual({ ok: true, count: expectedDistinctCount(rows, range.start, range.end) });
  });

  it("the registered activity reads the same settings from the process environment", async () => {
    vi.stubEnv("AuditTableConnectionString", azurite.connectionString);
    vi.stubEnv("AuditTableName", tableName);
    const range = { start: "2024-03-01", end: "2024-04-30" };
    expect(await countCertifiedIdentifications(range, invocationContext())).toEqual({
      ok: true,
      count: expectedDistinctCount(rows, range.start, range.end),
    });
  });

  it("a table that does not exist is a permanent failure, reported and not thrown", async () => {
    const result = await runCountActivity(
      { start: "2024-03-01", end: "2024-03-02" },
      invocationContext(),
      cachedAuditTable({ ...env(), AuditTableName: "nosuchtable" }, unusedStores),
    );
    expect(result).toEqual({ ok: false, error: expect.stringContaining("HTTP 404") });
  });

  it("a rotated key: the cached client's 403 is retried with a fresh resolution, which then succeeds", async () => {
    const wrongKey = azurite.connectionString.replace(
      /AccountKey=[^;]+/,
      `AccountKey=${Buffer.from("not the account key").toString("base64")}`,
    );
    const settings: Record<string, string> = { ...env(), AuditTableConnectionString: wrongKey };
    const provider = cachedAuditTable(settings, unusedStores);
    const range = { start: "2024-03-10", end: "2024-03-11" };
    // Resolved for this attempt and refused: nothing a retry could change.
    expect(await runCountActivity(range, invocationContext(), provider)).toEqual({ ok: false, error: expect.stringContaining("HTTP 403") });
    settings.AuditTableConnectionString = azurite.connectionString;
    // The cached client is refused: dropped and thrown, so Durable retries ...
    await expect(runCountActivity(range, invocationContext(), provider)).rejects.toThrow(/resolving it again on retry/);
    // ... and the retry resolves the setting again.
    expect(await runCountActivity(range, invocationContext(), provider)).toEqual({
      ok: true,
      count: expectedDistinctCount(rows, range.start, range.end),
    });
  });

  it("invalid input is a permanent failure before any query", async () => {
    const provider = vi.fn(cachedAuditTable(env(), unusedStores));
    const result = await runCountActivity({ start: "2024-03-02", end: "2024-03-01" }, invocationContext(), provider);
    expect(result).toMatchObject({ ok: false });
    expect(provider).not.toHaveBeenCalled();
  });
});
