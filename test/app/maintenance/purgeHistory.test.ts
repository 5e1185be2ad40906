// The history-retention timer: registered as a timer with a durable client, and purging through the
// real durable-functions client against a stand-in extension endpoint.
import type { Timer } from "@azure/functions";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { functionNames } from "../../../app/src/contract/functionNames";
import { historyPurgeSchedule, purgeHistoryOlderThan } from "../../../app/src/maintenance/purgeHistory";
import { invocationContext } from "../../support/fakeDurableClient";
import { startFakeExtension, type FakeExtension } from "../../support/fakeDurableExtension";
import { installFunctionsHostCapture, summarize, takeRegistrations } from "../../support/functionsHostCapture";

const timer: Timer = { isPastDue: false, schedule: { adjustForDST: true }, scheduleStatus: { last: "", next: "", lastUpdated: "" } };

let extension: FakeExtension;
beforeAll(async () => {
  extension = await startFakeExtension();
});
afterAll(async () => {
  await extension.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

describe("purging orchestration history through the real DurableClient", () => {
  it("asks the extension to purge completed, failed and terminated instances created before now minus the retention", async () => {
    extension.purgedCount = 12;
    const now = new Date("2026-11-22T03:00:00.000Z");
    const result = await purgeHistoryOlderThan(extension.client, 30, now);
    expect(result).toEqual({ purged: 12, createdBefore: "2026-10-23T03:00:00.000Z" });
    const query = extension.purgeRequests.at(-1)!;
    expect(query.get("createdTimeTo")).toBe("2026-10-23T03:00:00.000Z");
    expect(query.get("createdTimeFrom")).toBe("1970-01-01T00:00:00.000Z");
    expect(query.get("runtimeStatus")?.split(",").sort()).toEqual(["Completed", "Failed", "Terminated"]);
  });

  it("the registered handler keeps DurableHistoryRetentionDays as the process started with it, and logs what it purged", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-22T03:00:00.000Z"), toFake: ["Date"] });
    vi.stubEnv("DurableHistoryRetentionDays", "90");
    vi.resetModules();
    const { purgeOrchestrationHistory } = await import("../../../app/src/maintenance/purgeHistory.js");
    extension.purgedCount = 3;
    const logged: string[] = [];
    const context = invocationContext();
    vi.spyOn(context, "log").mockImplementation((...args: unknown[]) => void logged.push(args.join(" ")));
    await purgeOrchestrationHistory(timer, extension.client, context);
    expect(extension.purgeRequests.at(-1)!.get("createdTimeTo")).toBe("2026-08-24T03:00:00.000Z");
    expect(logged.join("\n")).toMatch(/Purged 3 orchestration instances created before 2026-08-24T03:00:00.000Z/);
  });

  it("a malformed retention stops the app at start-up (test/app/startupSettings.test.ts), so the timer never runs with it", async () => {
    vi.stubEnv("DurableHistoryRetentionDays", "0");
    vi.resetModules();
    const { purgeOrchestrationHistory } = await import("../../../app/src/maintenance/purgeHistory.js");
    const before = extension.purgeRequests.length;
    await expect(purgeOrchestrationHistory(timer, extension.client, invocationContext())).rejects.toThrow(
      /'DurableHistoryRetentionDays' must be a whole number from 1 to 3650, got '0'/,
    );
    expect(extension.purgeRequests.length).toBe(before);
  });
});

describe("registration", () => {
  it("a timer trigger on the daily schedule with the durable client input", async () => {
    installFunctionsHostCapture();
    vi.resetModules();
    takeRegistrations();
    await import("../../../app/src/index.js");
    const registered = takeRegistrations();
    const purge = summarize(registered).find((fn) => fn.name === functionNames.purgeHistory);
    expect(purge).toMatchObject({ trigger: "timerTrigger", inputs: ["durableClient"] });
    const trigger = Object.values(registered.find((fn) => fn.name === functionNames.purgeHistory)!.bindings).find(
      (binding) => binding.type === "timerTrigger",
    );
    expect(trigger?.schedule).toBe(historyPurgeSchedule);
    // Six NCRONTAB fields (seconds first), once a day.
    expect(historyPurgeSchedule).toMatch(/^\d+ \d+ \d+ \* \* \*$/);
  });
});
