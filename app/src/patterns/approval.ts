import type { OrchestrationContext, OrchestrationHandler } from "durable-functions";
import { fieldsOf, inputOrThrow, integerField, parsed, rejected, textField, type Parsed } from "./inputParsing";

export interface ApprovalInput {
  readonly request: string;
  readonly timeoutMinutes: number;
}

export interface ApprovalDecision {
  readonly approved: boolean;
}

export type ApprovalOutcome = { readonly request: string; readonly outcome: "approved" | "rejected" | "timedOut" };

export const approvalEventName = "ApprovalDecision";
/** Up to three days: below the SDK's six-day limit for a single timer. */
export const maxApprovalTimeoutMinutes = 3 * 24 * 60;

export function parseApprovalInput(body: unknown): Parsed<ApprovalInput> {
  const fields = fieldsOf(body);
  if (fields === undefined) return rejected("The body must be a JSON object.");
  const request = textField(fields, "request", 200);
  if (!request.ok) return request;
  const timeoutMinutes = integerField(fields, "timeoutMinutes", 1, maxApprovalTimeoutMinutes, 60);
  if (!timeoutMinutes.ok) return timeoutMinutes;
  return parsed({ request: request.value, timeoutMinutes: timeoutMinutes.value });
}

function isDecision(value: unknown): value is ApprovalDecision {
  return typeof value === "object" && value !== null && typeof (value as ApprovalDecision).approved === "boolean";
}

/**
 * Human interaction: wait for the approval event or the durable timer, whichever comes first.
 * The deadline derives from the orchestration's clock, so every replay computes the same timer.
 */
export const approvalOrchestrator: OrchestrationHandler = function* (context: OrchestrationContext) {
  const { request, timeoutMinutes } = inputOrThrow(parseApprovalInput(context.df.getInput()));
  const deadline = new Date(context.df.currentUtcDateTime.getTime() + timeoutMinutes * 60_000);
  const timeout = context.df.createTimer(deadline);
  const decision = context.df.waitForExternalEvent(approvalEventName);
  const winner: unknown = yield context.df.Task.any([decision, timeout]);
  if (winner === timeout) return { request, outcome: "timedOut" } satisfies ApprovalOutcome;
  // Cancel the timer so the instance completes now instead of idling until the deadline.
  timeout.cancel();
  const approved = isDecision(decision.result) && decision.result.approved;
  return { request, outcome: approved ? "approved" : "rejected" } satisfies ApprovalOutcome;
};
