// The host's rule on its own: sequence ids as DurableTask.Core assigns them, and what counts as a divergence.
import { describe, expect, it } from "vitest";
import { eventTypes } from "../../support/historyRows";
import { firstDivergence, hostTasks } from "../../support/hostReplayRule";

const event = (type: (typeof eventTypes)[number], fields: Record<string, unknown> = {}) => ({
  EventType: eventTypes.indexOf(type),
  EventId: -1,
  Timestamp: "2025-01-01T00:00:00Z",
  ...fields,
});
const activity = (name: string) => ({ actionType: 0, functionName: name });
const withRetry = (name: string, attempts: number) => ({
  actionType: 1,
  functionName: name,
  retryOptions: { maxNumberOfAttempts: attempts },
});
const timer = { actionType: 5 };
const waitFor = (name: string) => ({ actionType: 6, externalEventName: name });

describe("hostTasks: the ids DurableTask.Core gives the worker's actions", () => {
  it("numbers activities and timers in order; waiting for an event takes no id; Task.all/any children in their order", () => {
    const tasks = hostTasks(
      [
        activity("a"),
        { actionType: 11, compoundActions: [waitFor("e"), timer] },
        { actionType: 12, compoundActions: [activity("b"), activity("c")] },
      ],
      [],
    );
    expect(tasks).toEqual([
      { id: 0, kind: "activity", name: "a" },
      { id: 1, kind: "timer", name: undefined },
      { id: 2, kind: "activity", name: "b" },
      { id: 3, kind: "activity", name: "c" },
    ]);
  });

  it("expands a retried activity as RetryInterceptor does: a timer after each failure, one more after the last", () => {
    const failed = (id: number) => event("TaskFailed", { TaskScheduledId: id });
    const fired = (id: number) => event("TimerFired", { TimerId: id });
    const history = [failed(0), fired(1), failed(2), fired(3), failed(4)];
    expect(hostTasks([withRetry("count", 3)], history).map((task) => task.kind)).toEqual([
      "activity",
      "timer",
      "activity",
      "timer",
      "activity",
      "timer",
    ]);
    // A pending retry timer: nothing after it yet.
    expect(hostTasks([withRetry("count", 3)], [failed(0)]).map((task) => task.id)).toEqual([0, 1]);
  });

  it("refuses what it does not model rather than guessing", () => {
    expect(() => hostTasks([{ actionType: 7 }], [])).toThrow(/does not model action type 7/);
    expect(() => hostTasks([{ actionType: 12, compoundActions: [withRetry("a", 2)] }], [])).toThrow(/retry inside Task.all/);
  });
});

describe("firstDivergence", () => {
  const scheduled = (id: number, name: string) => event("TaskScheduled", { EventId: id, Name: name });
  const tasks = hostTasks([activity("Normalize"), timer], []);

  it("accepts the same kinds and names, names compared case-insensitively as the host does", () => {
    expect(firstDivergence([scheduled(0, "normalize"), event("TimerCreated", { EventId: 1 })], tasks)).toBeUndefined();
  });

  it("reports a task the code no longer schedules, another kind, another name, with the event's index", () => {
    expect(firstDivergence([scheduled(0, "Normalize"), scheduled(2, "Sign")], tasks)).toEqual({
      index: 1,
      reason: "the history scheduled an activity 'Sign' as task 2; the current code does not schedule task 2",
    });
    expect(firstDivergence([scheduled(0, "Normalize"), scheduled(1, "Sign")], tasks)?.reason).toBe(
      "the history scheduled an activity 'Sign' as task 1; the current code schedules a timer there",
    );
    expect(firstDivergence([scheduled(0, "Audit")], tasks)?.reason).toBe(
      "the history scheduled an activity 'Audit' as task 0; the current code schedules an activity 'Normalize' there",
    );
  });

  it("ignores the framework's own decision-splitting timer and events that schedule nothing", () => {
    expect(firstDivergence([event("TimerCreated", { EventId: -100 }), event("EventRaised", { Name: "x" })], [])).toBeUndefined();
  });
});
