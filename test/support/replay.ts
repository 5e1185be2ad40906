import type { OrchestrationHandler } from "durable-functions";
import { DummyOrchestrationContext } from "durable-functions";
import { ReplaySchema } from "durable-functions/lib/src/orchestrations/ReplaySchema";
import { createOrchestrator, DurableOrchestrationInput, type ReplayedState } from "durable-functions/lib/src/util/testingUtils";
import type { OrchestrationHistory } from "./orchestrationHistory";

/** What one replay produced: still waiting, finished with output, or failed with the orchestrator's error. */
export interface ReplayResult {
  readonly isDone: boolean;
  readonly output?: unknown;
  /** What the orchestrator last passed to setCustomStatus: the host stores it with the instance's status. */
  readonly customStatus?: unknown;
  /** Set when the orchestrator threw: the message the extension would record as the failure. */
  readonly failure?: string;
  /** Every action the orchestrator scheduled from the start, compound ones (Task.all/any) flattened. */
  readonly actions: ReadonlyArray<Record<string, unknown>>;
  /** The same actions as the worker returns them to the extension: one list, compound actions nested. */
  readonly returnedActions: ReadonlyArray<Record<string, unknown>>;
}

const failureSeparator = "\n\n$OutOfProcData$:";

function flatten(actions: unknown): Record<string, unknown>[] {
  if (Array.isArray(actions)) return actions.flatMap(flatten);
  const action = actions as Record<string, unknown>;
  return Array.isArray(action.compoundActions) ? flatten(action.compoundActions) : [action];
}

function fromState(state: ReplayedState, failed: boolean): ReplayResult {
  return {
    isDone: state.isDone,
    output: state.output,
    customStatus: state.customStatus,
    failure: failed ? (state.error ?? "unknown error") : undefined,
    actions: flatten(state.actions),
    // From replay schema V2 on, the worker returns all actions as the one inner list (OutOfProcOrchestrationShim.cs).
    returnedActions: (state.actions[0] ?? []) as Record<string, unknown>[],
  };
}

/**
 * Replays `history` through the real durable-functions executor (createOrchestrator), as the extension does on every
 * episode, with the replay schema the current extension negotiates.
 */
export function replay(orchestrator: OrchestrationHandler, history: OrchestrationHistory, input: unknown): Promise<ReplayResult> {
  return replayEvents(orchestrator, history.events, input);
}

/**
 * Replays events shaped as the extension sends them (its history events serialized with Newtonsoft.Json: PascalCase
 * members, EventType as a number, times as ISO text, which the SDK turns into dates itself).
 */
export async function replayEvents(
  orchestrator: OrchestrationHandler,
  events: readonly unknown[],
  input: unknown,
  instanceId = "test-instance",
): Promise<ReplayResult> {
  // The SDK rewrites Timestamp members in place: hand it a copy.
  const history = structuredClone(events) as unknown[];
  const trigger = new DurableOrchestrationInput(instanceId, history, input, undefined, undefined, undefined, ReplaySchema.V3);
  const context = new DummyOrchestrationContext("replay", "invocation", () => undefined);
  try {
    return fromState(await createOrchestrator(orchestrator)(trigger, context), false);
  } catch (error) {
    const message = (error as Error).message;
    const separator = message.indexOf(failureSeparator);
    if (separator < 0) throw error;
    // The SDK reports a failed orchestrator as an error whose message carries the state, error included, as JSON.
    return fromState(JSON.parse(message.slice(separator + failureSeparator.length)) as ReplayedState, true);
  }
}

export const actionTypes = {
  callActivity: 0,
  callActivityWithRetry: 1,
  createTimer: 5,
  waitForExternalEvent: 6,
} as const;

/** An action's input as the activity will receive it (the SDK stores string inputs JSON-encoded). */
export function inputOf(action: Record<string, unknown> | undefined): unknown {
  const input = action?.input;
  return typeof input === "string" ? JSON.parse(input) : input;
}
