import type { OrchestrationHandler } from "durable-functions";
import { describe, expect, it } from "vitest";
import { functionNames } from "../../../app/src/contract/functionNames";
import { approvalEventName, approvalOrchestrator } from "../../../app/src/patterns/approval";
import { chainingOrchestrator, normalizeText, signText, titleCaseText } from "../../../app/src/patterns/chaining";
import { fanOutBatchSize, fanOutFanInOrchestrator, measureWord } from "../../../app/src/patterns/fanOutFanIn";
import { monitorOrchestrator } from "../../../app/src/patterns/monitor";
import { OrchestrationHistory } from "../../support/orchestrationHistory";
import { actionTypes, inputOf, replay } from "../../support/replay";

const startedAt = new Date("2024-05-01T10:00:00Z");
const minutes = (count: number) => count * 60_000;

describe("chaining", () => {
  const input = { text: "  hello   durable  world " };

  it("feeds each activity the previous one's output and returns the last", async () => {
    // The activities' real outputs, so the history is what a real run would record.
    const normalized = normalizeText(input.text);
    const titled = titleCaseText(normalized);
    const receiptRequest = { text: titled, receipt: "RECEIPT" };
    const signed = signText(receiptRequest);
    const history = new OrchestrationHistory(functionNames.chainingOrchestrator, input, startedAt)
      .activityScheduled(0, functionNames.chainNormalizeText, input.text)
      .nextEpisode(100)
      .activityCompleted(0, normalized)
      .activityScheduled(1, functionNames.chainTitleCaseText, normalized)
      .nextEpisode(100)
      .activityCompleted(1, titled)
      .activityScheduled(2, functionNames.chainSignText, receiptRequest)
      .nextEpisode(100)
      .activityCompleted(2, signed);

    const result = await replay(chainingOrchestrator, history, input);

    expect(result).toMatchObject({ isDone: true, output: "Hello Durable World (receipt RECEIPT)" });
    expect(result.actions.map((action) => [action.functionName, inputOf(action)])).toEqual([
      [functionNames.chainNormalizeText, input.text],
      [functionNames.chainTitleCaseText, "hello durable world"],
      [functionNames.chainSignText, { text: "Hello Durable World", receipt: expect.stringMatching(/^[0-9a-f-]{36}$/) }],
    ]);
  });

  it("waits after the first step: nothing is scheduled ahead of a result", async () => {
    const history = new OrchestrationHistory(functionNames.chainingOrchestrator, input, startedAt);
    const result = await replay(chainingOrchestrator, history, input);
    expect(result.isDone).toBe(false);
    expect(result.actions.map((action) => action.functionName)).toEqual([functionNames.chainNormalizeText]);
  });
});

describe("fan-out/fan-in", () => {
  const words = Array.from({ length: 23 }, (_, index) => "w".repeat(index + 1));
  const input = { words };

  it("schedules one batch of parallel activities at a time", async () => {
    const result = await replay(
      fanOutFanInOrchestrator,
      new OrchestrationHistory(functionNames.fanOutFanInOrchestrator, input, startedAt),
      input,
    );
    expect(result.isDone).toBe(false);
    expect(result.actions).toHaveLength(fanOutBatchSize);
    expect(result.actions.every((action) => action.functionName === functionNames.measureWord)).toBe(true);
  });

  it("aggregates every result once all batches complete, whatever order they finish in", async () => {
    const history = new OrchestrationHistory(functionNames.fanOutFanInOrchestrator, input, startedAt);
    for (let offset = 0; offset < words.length; offset += fanOutBatchSize) {
      const batch = words.slice(offset, offset + fanOutBatchSize);
      batch.forEach((word, index) => history.activityScheduled(offset + index, functionNames.measureWord, word));
      history.nextEpisode(100);
      // Completion order reversed inside the batch: the aggregate must not depend on it.
      [...batch.keys()].reverse().forEach((index) => history.activityCompleted(offset + index, measureWord(batch[index])));
    }

    const result = await replay(fanOutFanInOrchestrator, history, input);

    expect(result).toMatchObject({ isDone: true, output: { words: 23, totalLength: (23 * 24) / 2, longest: "w".repeat(23) } });
    expect(result.actions).toHaveLength(words.length);
  });
});

describe("human approval with timeout", () => {
  const input = { request: "deploy to prod", timeoutMinutes: 30 };
  const deadline = new Date(startedAt.getTime() + minutes(30));
  const waiting = () => new OrchestrationHistory(functionNames.approvalOrchestrator, input, startedAt).timerCreated(0, deadline);

  it("arms a durable timer at the deadline and waits for the event", async () => {
    const result = await replay(
      approvalOrchestrator,
      new OrchestrationHistory(functionNames.approvalOrchestrator, input, startedAt),
      input,
    );
    expect(result.isDone).toBe(false);
    expect(result.actions).toEqual([
      expect.objectContaining({ actionType: actionTypes.waitForExternalEvent, externalEventName: approvalEventName }),
      expect.objectContaining({ actionType: actionTypes.createTimer, fireAt: deadline, isCanceled: false }),
    ]);
  });

  it("approval before the deadline wins and cancels the timer", async () => {
    const history = waiting().nextEpisode(minutes(5)).eventRaised(approvalEventName, { approved: true });
    const result = await replay(approvalOrchestrator, history, input);
    expect(result).toMatchObject({ isDone: true, output: { request: input.request, outcome: "approved" } });
    const timer = result.actions.find((action) => action.actionType === actionTypes.createTimer);
    expect(timer).toMatchObject({ fireAt: deadline, isCanceled: true });
  });

  it("a rejection is reported as rejected", async () => {
    const history = waiting().nextEpisode(minutes(5)).eventRaised(approvalEventName, { approved: false });
    expect((await replay(approvalOrchestrator, history, input)).output).toEqual({ request: input.request, outcome: "rejected" });
  });

  it("the timer firing first means timed out, and a late event changes nothing", async () => {
    const history = waiting()
      .nextEpisode(minutes(30))
      .timerFired(0, deadline)
      .nextEpisode(minutes(1))
      .eventRaised(approvalEventName, { approved: true });
    const result = await replay(approvalOrchestrator, history, input);
    expect(result).toMatchObject({ isDone: true, output: { request: input.request, outcome: "timedOut" } });
  });
});

describe("monitor", () => {
  const input = { jobSeconds: 25, pollSeconds: 10, maxPolls: 5 };
  const readyAt = new Date(startedAt.getTime() + 25_000).toISOString();

  /** Polls that answer `running` until `doneOnPoll`, each followed by the interval timer. */
  function polled(statuses: string[]): OrchestrationHistory {
    const history = new OrchestrationHistory(functionNames.monitorOrchestrator, input, startedAt);
    let taskId = 0;
    statuses.forEach((status, index) => {
      history.activityScheduled(taskId, functionNames.checkJobStatus, { readyAt }).nextEpisode(200).activityCompleted(taskId, status);
      taskId++;
      if (status === "running" && index < input.maxPolls - 1) {
        const fireAt = new Date(history.currentTime.getTime() + input.pollSeconds * 1000);
        history
          .timerCreated(taskId, fireAt)
          .nextEpisode(input.pollSeconds * 1000)
          .timerFired(taskId, fireAt);
        taskId++;
      }
    });
    return history;
  }

  it("polls, sleeps on a durable timer, and stops at the first 'done'", async () => {
    const result = await replay(monitorOrchestrator, polled(["running", "running", "done"]), input);
    expect(result).toMatchObject({ isDone: true, output: { status: "done", polls: 3 } });
    const kinds = result.actions.map((action) => action.actionType);
    expect(kinds).toEqual([
      actionTypes.callActivity,
      actionTypes.createTimer,
      actionTypes.callActivity,
      actionTypes.createTimer,
      actionTypes.callActivity,
    ]);
    expect(inputOf(result.actions[0])).toEqual({ readyAt });
  });

  it("the timer after each poll is the poll interval past the orchestration clock", async () => {
    const result = await replay(monitorOrchestrator, polled(["running"]), input);
    const timer = result.actions.find((action) => action.actionType === actionTypes.createTimer);
    expect(timer?.fireAt).toEqual(new Date(startedAt.getTime() + 200 + input.pollSeconds * 1000));
  });

  it("gives up after maxPolls with no timer after the last poll", async () => {
    const result = await replay(monitorOrchestrator, polled(Array(input.maxPolls).fill("running")), input);
    expect(result).toMatchObject({ isDone: true, output: { status: "timedOut", polls: input.maxPolls } });
    expect(result.actions.filter((action) => action.actionType === actionTypes.createTimer)).toHaveLength(input.maxPolls - 1);
  });
});

describe("determinism", () => {
  const text = "a  b";
  const chained = new OrchestrationHistory(functionNames.chainingOrchestrator, { text }, startedAt)
    .activityScheduled(0, functionNames.chainNormalizeText, text)
    .nextEpisode(100)
    .activityCompleted(0, "a b")
    .activityScheduled(1, functionNames.chainTitleCaseText, "a b")
    .nextEpisode(100)
    .activityCompleted(1, "A B");
  const cases: Array<{ name: string; orchestrator: OrchestrationHandler; input: unknown; history?: OrchestrationHistory }> = [
    { name: "chaining (newGuid receipt)", orchestrator: chainingOrchestrator, input: { text }, history: chained },
    { name: "approval", orchestrator: approvalOrchestrator, input: { request: "r", timeoutMinutes: 5 } },
    { name: "monitor", orchestrator: monitorOrchestrator, input: { jobSeconds: 1, pollSeconds: 1, maxPolls: 3 } },
    { name: "fan-out", orchestrator: fanOutFanInOrchestrator, input: { words: ["a", "bb"] } },
  ];

  it.each(cases)(
    "$name: the same history replayed twice, at different wall-clock times, gives the same actions",
    async ({ name, orchestrator, input, history: given }) => {
      const history = given ?? new OrchestrationHistory(name, input, startedAt);
      const first = await replay(orchestrator, history, input);
      await new Promise((resolve) => setTimeout(resolve, 15));
      const second = await replay(orchestrator, history, input);
      expect(first.actions.length).toBeGreaterThan(0);
      expect(JSON.stringify(second.actions)).toBe(JSON.stringify(first.actions));
    },
  );
});
