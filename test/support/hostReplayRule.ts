// The Durable host's nondeterminism rule, applied to what the JavaScript worker returns for a history. The worker's
// executor (durable-functions) never fails on a mismatch: it pairs history events with its tasks by id. The host does:
//
// 1. The extension replays the worker's actions, in order, onto DurableTask.Core's orchestration context, awaiting each
//    before the next (azure-functions-durable-extension OutOfProcOrchestrationShim.cs, ProcessAsyncActionsV2 and
//    InvokeAPIFromAction). Each activity call and each timer takes the context's next sequence id; waiting for an
//    external event takes none. An activity with retry runs DurableTask.Core's RetryInterceptor: after every failed
//    attempt a timer, then the next attempt, and after the last failed attempt one more timer (Azure/durabletask
//    src/DurableTask.Core/RetryInterceptor.cs, "Dummy timer for back-compat").
// 2. DurableTask.Core then walks the history: each TaskScheduled, TimerCreated, SubOrchestrationInstanceCreated and
//    EventSent event must find an action with its EventId, of the same kind, and (activities, sub-orchestrations,
//    events) of the same name, compared case-insensitively; otherwise NonDeterministicOrchestrationException, and the
//    instance fails (src/DurableTask.Core/TaskOrchestrationContext.cs, HandleTaskScheduledEvent and its siblings;
//    TaskOrchestrationExecutor.cs, ExecuteCore). Actions beyond the history are new work, not a mismatch.
import { eventTypeName, type HostHistoryEvent } from "./historyRows";

export type TaskKind = "activity" | "timer" | "sub-orchestration" | "event sent";

/** A task as DurableTask.Core numbers it while the extension replays the worker's actions. */
export interface HostTask {
  readonly id: number;
  readonly kind: TaskKind;
  readonly name?: string;
}

/** durable-functions lib/src/actions/ActionType.js; the extension's AsyncActionType uses the same numbers. */
const actionType = {
  callActivity: 0,
  callActivityWithRetry: 1,
  callSubOrchestrator: 2,
  createTimer: 5,
  waitForExternalEvent: 6,
  whenAny: 11,
  whenAll: 12,
} as const;

/** DurableTask.Core FrameworkConstants.FakeTimerIdToSplitDecision: a timer the framework adds itself. */
const frameworkTimerId = -100;

type Action = Readonly<Record<string, unknown>>;

function idsOf(events: readonly HostHistoryEvent[], type: string, idMember: string): Set<number> {
  return new Set(events.filter((event) => eventTypeName(event) === type).map((event) => event[idMember] as number));
}

/** The tasks DurableTask.Core records for the worker's actions, given what the history says about failures and timers. */
export function hostTasks(returnedActions: readonly Action[], events: readonly HostHistoryEvent[]): HostTask[] {
  const failed = idsOf(events, "TaskFailed", "TaskScheduledId");
  const fired = idsOf(events, "TimerFired", "TimerId");
  const tasks: HostTask[] = [];
  const take = (kind: TaskKind, name?: unknown): number => {
    const id = tasks.length;
    tasks.push({ id, kind, name: typeof name === "string" ? name : undefined });
    return id;
  };

  function withRetry(action: Action): void {
    const attempts = (action.retryOptions as { maxNumberOfAttempts: number }).maxNumberOfAttempts;
    for (let attempt = 1; ; attempt++) {
      if (!failed.has(take("activity", action.functionName))) return;
      const timer = take("timer");
      if (attempt >= attempts || !fired.has(timer)) return;
    }
  }

  function invoke(action: Action, insideCompound: boolean): void {
    switch (action.actionType) {
      case actionType.callActivity:
        take("activity", action.functionName);
        return;
      case actionType.createTimer:
        take("timer");
        return;
      case actionType.callSubOrchestrator:
        take("sub-orchestration", action.functionName);
        return;
      case actionType.waitForExternalEvent:
        return;
      case actionType.callActivityWithRetry:
        // Inside Task.all/any the retries interleave with the other tasks in the order their results arrive.
        if (insideCompound) throw new Error("The replay gate does not model activities with retry inside Task.all/any.");
        withRetry(action);
        return;
      case actionType.whenAll:
      case actionType.whenAny:
        for (const child of action.compoundActions as Action[]) invoke(child, true);
        return;
      default:
        throw new Error(`The replay gate does not model action type ${String(action.actionType)}: extend test/support/hostReplayRule.ts.`);
    }
  }

  for (const action of returnedActions) invoke(action, false);
  return tasks;
}

const recordedKinds: Partial<Record<string, TaskKind>> = {
  TaskScheduled: "activity",
  TimerCreated: "timer",
  SubOrchestrationInstanceCreated: "sub-orchestration",
  EventSent: "event sent",
};

export interface Divergence {
  /** Index of the diverging event in the history. */
  readonly index: number;
  readonly reason: string;
}

function described(kind: TaskKind, name: string | undefined): string {
  return name === undefined ? `a ${kind}` : `${kind === "activity" ? "an" : "a"} ${kind} '${name}'`;
}

/** The first history event the host would reject against the tasks the current code schedules, if any. */
export function firstDivergence(events: readonly HostHistoryEvent[], tasks: readonly HostTask[]): Divergence | undefined {
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    const recordedKind = recordedKinds[eventTypeName(event) ?? ""];
    if (recordedKind === undefined) continue;
    const id = event.EventId as number;
    if (recordedKind === "timer" && id === frameworkTimerId) continue;
    const recordedName = typeof event.Name === "string" ? event.Name : undefined;
    const recorded = `the history scheduled ${described(recordedKind, recordedName)} as task ${id}`;
    const task = tasks[id];
    if (task === undefined) return { index, reason: `${recorded}; the current code does not schedule task ${id}` };
    if (task.kind !== recordedKind)
      return { index, reason: `${recorded}; the current code schedules ${described(task.kind, task.name)} there` };
    if (recordedName !== undefined && task.name !== undefined && recordedName.toUpperCase() !== task.name.toUpperCase()) {
      return { index, reason: `${recorded}; the current code schedules ${described(task.kind, task.name)} there` };
    }
  }
  return undefined;
}
