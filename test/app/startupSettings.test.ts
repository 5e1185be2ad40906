// App settings are read and validated once, when the entry module loads: a bad value stops the app at start-up with a
// message naming the setting, its value and the rule, instead of failing every request that reads it.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { readAppSettings } from "../../app/src/appSettings";
import { installFunctionsHostCapture, takeRegistrations } from "../support/functionsHostCapture";
import { FakeDurableClient, httpRequest, invocationContext } from "../support/fakeDurableClient";

beforeAll(() => {
  installFunctionsHostCapture();
});

beforeEach(() => {
  vi.resetModules();
  takeRegistrations();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("readAppSettings", () => {
  it("unset settings take their defaults", () => {
    expect(readAppSettings({})).toMatchObject({
      maxRangeDays: 366,
      query: { tableName: "audit", concurrency: 32 },
      countLimits: { maxConcurrentCounts: 2, maxDistinctValues: 2_000_000, maxHeapPercent: 80 },
      historyRetentionDays: 30,
    });
  });

  it.each([
    ["QueryMaxRangeDays", "lots", /'QueryMaxRangeDays' must be a whole number from 1 to 36525, got 'lots'/],
    ["QueryMaxRangeDays", "0", /'QueryMaxRangeDays' must be a whole number from 1 to 36525, got '0'/],
    ["QueryConcurrency", "65", /'QueryConcurrency' must be a whole number from 1 to 64, got '65'/],
    ["AuditTableName", "audit-log", /'AuditTableName' must be 3-63 letters and digits starting with a letter, got 'audit-log'/],
    ["QueryMaxConcurrentCounts", "0", /'QueryMaxConcurrentCounts' must be a whole number from 1 to 64, got '0'/],
    ["QueryMaxDistinctValues", "-5", /'QueryMaxDistinctValues' must be a whole number from 1 to 100000000, got '-5'/],
    ["QueryMaxHeapPercent", "100", /'QueryMaxHeapPercent' must be a whole number from 10 to 95, got '100'/],
    ["DurableHistoryRetentionDays", "0", /'DurableHistoryRetentionDays' must be a whole number from 1 to 3650, got '0'/],
  ])("%s = %j is refused, naming the setting, the value and the rule", (name, value, message) => {
    expect(() => readAppSettings({ [name]: value })).toThrow(message);
  });

  it("every malformed setting is named in one error, not only the first", () => {
    const thrown = (() => {
      try {
        readAppSettings({ QueryMaxRangeDays: "lots", QueryConcurrency: "0" });
      } catch (error) {
        return error as Error;
      }
    })();
    expect(thrown?.message).toMatch(/'QueryMaxRangeDays'.*'lots'/s);
    expect(thrown?.message).toMatch(/'QueryConcurrency'.*'0'/s);
  });
});

describe("at start-up: the entry module", () => {
  it("throws while loading when a setting is malformed, after registering a function", async () => {
    vi.stubEnv("QueryMaxRangeDays", "lots");
    await expect(import("../../app/src/index.js")).rejects.toThrow(
      /'QueryMaxRangeDays' must be a whole number from 1 to 36525, got 'lots'/,
    );
    // The Node worker passes an entry-point error on to the host only once the app has registered a function
    // (azure-functions-nodejs-worker src/eventHandlers/FunctionsMetadataHandler.ts); before that the host falls back to
    // its own indexing and starts with no functions and no error.
    expect(takeRegistrations().length).toBeGreaterThan(0);
  });

  it("loads with valid settings", async () => {
    await import("../../app/src/index.js");
    expect(takeRegistrations().length).toBe(21);
  });
});

describe("per request: no setting is read again", () => {
  it("a setting changed after start-up neither changes nor breaks the submit route", async () => {
    vi.stubEnv("QueryMaxRangeDays", "7");
    const { processAppSettings } = await import("../../app/src/appSettings.js");
    const { submitQuery } = await import("../../app/src/http/submitQuery.js");
    expect(processAppSettings().maxRangeDays).toBe(7);
    vi.stubEnv("QueryMaxRangeDays", "lots");
    const submit = (query: string) =>
      submitQuery(httpRequest({ url: `http://localhost/api/submit/query${query}` }), new FakeDurableClient(), invocationContext());
    expect((await submit("?s=2024-01-01&e=2024-01-08")).status).toBe(400);
    expect((await submit("?s=2024-01-01&e=2024-01-07")).status).toBe(202);
  });
});
