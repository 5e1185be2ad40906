// The history-replay gate (after Temporal's replay tests): a recorded history, in the host's own History-table
// format, replayed through the real durable-functions executor against the current code, and judged by the host's
// nondeterminism rule. Used on the committed fixtures (npm test) and on the histories the container smoke job
// exports from the real host.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { OrchestrationHandler } from "durable-functions";
import { functionNames } from "../../app/src/contract/functionNames";
import { approvalOrchestrator } from "../../app/src/patterns/approval";
import { chainingOrchestrator } from "../../app/src/patterns/chaining";
import { fanOutFanInOrchestrator } from "../../app/src/patterns/fanOutFanIn";
import { monitorOrchestrator } from "../../app/src/patterns/monitor";
import { queryOrchestrator } from "../../app/src/query/queryOrchestrator";
import { parseOrchestrationVersion } from "../../app/src/versioning/orchestrationVersion";
import { eventTypeName, recordedHistory, type HistoryRow, type HostHistoryEvent, type RecordedHistory } from "./historyRows";
import { firstDivergence, hostTasks } from "./hostReplayRule";
import { replayEvents, type ReplayResult } from "./replay";

/** Every orchestrator app/src/index.ts registers, by its registered name (a test holds the two lists equal). */
export const appOrchestrators: Readonly<Record<string, OrchestrationHandler>> = {
  [functionNames.queryOrchestrator]: queryOrchestrator,
  [functionNames.chainingOrchestrator]: chainingOrchestrator,
  [functionNames.fanOutFanInOrchestrator]: fanOutFanInOrchestrator,
  [functionNames.approvalOrchestrator]: approvalOrchestrator,
  [functionNames.monitorOrchestrator]: monitorOrchestrator,
};

/** Recorded histories of every released version: fixtures/<orchestrator>/<version or "unversioned">/<state>.json. */
export const fixturesDirectory = join(__dirname, "..", "app", "replay", "fixtures");

export interface HistoryFile {
  readonly path: string;
  readonly rows: HistoryRow[];
}

/** Every .json file under `directory`, each a JSON array of History-table rows. */
export function historyFiles(directory: string): HistoryFile[] {
  return readdirSync(directory)
    .sort()
    .flatMap((name) => {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) return historyFiles(path);
      return name.endsWith(".json") ? [{ path, rows: JSON.parse(readFileSync(path, "utf8")) as HistoryRow[] }] : [];
    });
}

/** The directory name a version's fixtures live under. */
export function versionLabel(version: string | undefined): string {
  return parseOrchestrationVersion(version) === "unversioned" ? "unversioned" : version!;
}

export type Waiting = "activity" | "timer" | "event";

export interface GateVerdict {
  readonly source: string;
  readonly history: RecordedHistory;
  readonly version: string;
  /** Empty when the host would replay the history against the current code without failing the instance. */
  readonly problems: readonly string[];
  /** Activities the history scheduled or the current code schedules for it. */
  readonly calledActivities: ReadonlySet<string>;
  /** What an in-flight history waits on; empty once the instance ended. */
  readonly waitingOn: ReadonlySet<Waiting>;
}

const ofType = (events: readonly HostHistoryEvent[], type: string) => events.filter((event) => eventTypeName(event) === type);

/** DurableTask.Core OrchestrationStatus numbers of the two ends an ExecutionCompleted event records. */
const completedStatus = 1;
const failedStatus = 3;

function endStateProblem(events: readonly HostHistoryEvent[], result: ReplayResult): string | undefined {
  const completed = ofType(events, "ExecutionCompleted").at(-1);
  if (completed === undefined) {
    return result.failure === undefined
      ? undefined
      : `the instance is in flight, and the current code fails it on replay: ${result.failure}`;
  }
  if (completed.OrchestrationStatus === completedStatus && (result.failure !== undefined || !result.isDone)) {
    const now = result.failure !== undefined ? `fails: ${result.failure}` : "does not complete: it schedules more work";
    return `the recorded run completed; replayed, the current code ${now}`;
  }
  if (completed.OrchestrationStatus === failedStatus && result.failure === undefined) {
    return "the recorded run failed; replayed, the current code does not fail";
  }
  return undefined;
}

function waitingOn(events: readonly HostHistoryEvent[], result: ReplayResult): Set<Waiting> {
  const waiting = new Set<Waiting>();
  if (ofType(events, "ExecutionCompleted").length > 0) return waiting;
  const answered = new Set(
    [...ofType(events, "TaskCompleted"), ...ofType(events, "TaskFailed")].map((event) => event.TaskScheduledId as number),
  );
  if (ofType(events, "TaskScheduled").some((event) => !answered.has(event.EventId as number))) waiting.add("activity");
  const fired = new Set(ofType(events, "TimerFired").map((event) => event.TimerId as number));
  if (ofType(events, "TimerCreated").some((event) => !fired.has(event.EventId as number))) waiting.add("timer");
  const raised = new Set(ofType(events, "EventRaised").map((event) => String(event.Name)));
  if (result.actions.some((action) => action.actionType === 6 && !raised.has(String(action.externalEventName)))) waiting.add("event");
  return waiting;
}

/**
 * Replays one recorded history against the current code and judges it as the host would. With `registeredActivities`,
 * also checks that every activity the history or the code calls is still registered: the host fails a call to a
 * function that does not exist.
 */
export async function replayThroughGate(
  source: string,
  rows: readonly HistoryRow[],
  orchestrators: Readonly<Record<string, OrchestrationHandler>> = appOrchestrators,
  registeredActivities?: ReadonlySet<string>,
): Promise<GateVerdict> {
  const history = recordedHistory(rows);
  const problems: string[] = [];
  let version = String(history.version);
  try {
    version = versionLabel(history.version);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const orchestrator = orchestrators[history.orchestrator];
  if (orchestrator === undefined) {
    problems.push(`the app has no orchestrator '${history.orchestrator}' any more`);
    return { source, history, version, problems, calledActivities: new Set(), waitingOn: new Set() };
  }

  const result = await replayEvents(orchestrator, history.events, history.input, history.instanceId);
  const tasks = hostTasks(result.returnedActions, history.events);
  const divergence = firstDivergence(history.events, tasks);
  if (divergence !== undefined) {
    const event = history.events[divergence.index]!;
    problems.push(
      `first diverging event: row ${history.rowKeys[divergence.index]} (${eventTypeName(event)}, EventId ${String(event.EventId)}): ${divergence.reason}`,
    );
  } else {
    const endState = endStateProblem(history.events, result);
    if (endState !== undefined) problems.push(endState);
  }

  const calledActivities = new Set([
    ...ofType(history.events, "TaskScheduled").map((event) => String(event.Name)),
    ...tasks.filter((task) => task.kind === "activity").map((task) => task.name ?? ""),
  ]);
  for (const name of registeredActivities === undefined ? [] : calledActivities) {
    if (!registeredActivities!.has(name)) {
      problems.push(
        `calls activity '${name}', which app/src/index.ts no longer registers: keep it while a version that calls it is supported`,
      );
    }
  }
  return { source, history, version, problems, calledActivities, waitingOn: waitingOn(history.events, result) };
}

/** "<source>: orchestrator '<name>', version <version>: <problem>" for each problem. */
export function gateReport(verdict: GateVerdict): string[] {
  return verdict.problems.map(
    (problem) => `${verdict.source}: orchestrator '${verdict.history.orchestrator}', version ${verdict.version}: ${problem}`,
  );
}
