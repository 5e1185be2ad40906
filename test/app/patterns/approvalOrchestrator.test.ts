// The approval orchestrator from version 2.0 on records in its custom status whether it still waits for a decision,
// so the decision route can refuse a decision nobody listens for; older instances keep their branch unchanged.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { functionNames } from "../../../app/src/contract/functionNames";
import { approvalEventName, approvalOrchestrator, approvalProgressOf } from "../../../app/src/patterns/approval";
import { recordedHistory, type HistoryRow } from "../../support/historyRows";
import { OrchestrationHistory } from "../../support/orchestrationHistory";
import { actionTypes, replay, replayEvents } from "../../support/replay";
import { fixturesDirectory } from "../../support/replayGate";

const startedAt = new Date("2024-05-01T10:00:00Z");
const minutes = (count: number) => count * 60_000;
const deadline = new Date(startedAt.getTime() + minutes(30));
const submittedBy = { id: "11111111-1111-4111-8111-111111111111", name: "Sam Submitter" };
const decidedBy = { id: "22222222-2222-4222-8222-222222222222", name: "Alex Approver" };
const input = { request: "deploy to prod", timeoutMinutes: 30, submittedBy };

const started = (version: string | undefined, startInput: unknown = input) =>
  new OrchestrationHistory(functionNames.approvalOrchestrator, startInput, startedAt, version);
const waiting = (version?: string) => started(version).timerCreated(0, deadline);

describe("approval, version 2.0: the custom status says whether it still listens", () => {
  it("while waiting: awaitingDecision with the deadline and who submitted it; the same timer and event as before", async () => {
    const result = await replay(approvalOrchestrator, started("2.0"), input);
    expect(result.isDone).toBe(false);
    expect(result.customStatus).toEqual({ awaitingDecision: true, deadline: deadline.toISOString(), submittedBy });
    expect(result.actions).toEqual([
      expect.objectContaining({ actionType: actionTypes.waitForExternalEvent, externalEventName: approvalEventName }),
      expect.objectContaining({ actionType: actionTypes.createTimer, fireAt: deadline, isCanceled: false }),
    ]);
  });

  it.each([
    [true, "approved"],
    [false, "rejected"],
  ])("a decision (approved: %s) stops the listening and records who decided and when", async (approved, outcome) => {
    const history = waiting("2.0").nextEpisode(minutes(5)).eventRaised(approvalEventName, { approved, decidedBy });
    const result = await replay(approvalOrchestrator, history, input);
    expect(result).toMatchObject({ isDone: true, output: { request: input.request, outcome } });
    expect(result.customStatus).toEqual({
      awaitingDecision: false,
      outcome,
      decidedAt: new Date(startedAt.getTime() + minutes(5)).toISOString(),
      decidedBy,
      submittedBy,
    });
  });

  it("the timer firing first records timedOut with the time", async () => {
    const history = waiting("2.0").nextEpisode(minutes(30)).timerFired(0, deadline);
    const result = await replay(approvalOrchestrator, history, input);
    expect(result).toMatchObject({ isDone: true, output: { request: input.request, outcome: "timedOut" } });
    expect(result.customStatus).toEqual({
      awaitingDecision: false,
      outcome: "timedOut",
      timedOutAt: deadline.toISOString(),
      submittedBy,
    });
  });

  it("an instance of 2.0 without a submitter fails fast: the start route always records one", async () => {
    const { submittedBy: _omitted, ...anonymous } = input;
    const result = await replay(approvalOrchestrator, started("2.0", anonymous), anonymous);
    expect(result.failure).toMatch(/submittedBy/);
  });
});

describe.each([["1.0"], [undefined]])("approval, version %s: the branch it was started with", (version) => {
  const oldInput = { request: input.request, timeoutMinutes: input.timeoutMinutes };

  it("sets no custom status and decides as before", async () => {
    const history = new OrchestrationHistory(functionNames.approvalOrchestrator, oldInput, startedAt, version)
      .timerCreated(0, deadline)
      .nextEpisode(minutes(5))
      .eventRaised(approvalEventName, { approved: true });
    const result = await replay(approvalOrchestrator, history, oldInput);
    expect(result).toMatchObject({ isDone: true, output: { request: input.request, outcome: "approved" } });
    expect(result.customStatus).toBeUndefined();
  });
});

describe("the recorded histories of version 2.0 replay to the progress the decision route reads", () => {
  it.each([
    ["waiting-on-event-or-timer", { awaitingDecision: true }],
    ["approved", { awaitingDecision: false, outcome: "approved", decidedBy: expect.objectContaining({ id: expect.any(String) }) }],
    ["timed-out", { awaitingDecision: false, outcome: "timedOut" }],
  ])("%s", async (state, progress) => {
    const path = join(fixturesDirectory, functionNames.approvalOrchestrator, "2.0", `${state}.json`);
    const history = recordedHistory(JSON.parse(readFileSync(path, "utf8")) as HistoryRow[]);
    const result = await replayEvents(approvalOrchestrator, history.events, history.input, history.instanceId);
    expect(approvalProgressOf(result.customStatus)).toMatchObject({
      ...progress,
      submittedBy: expect.objectContaining({ id: expect.any(String) }),
    });
  });
});
