import type { OrchestrationContext, OrchestrationHandler, Task } from "durable-functions";
import { startedAtOrAfter } from "../versioning/orchestrationVersion";
import { fieldsOf, inputOrThrow, integerField, parsed, rejected, textField, type Parsed } from "./inputParsing";

export interface ApprovalInput {
  readonly request: string;
  readonly timeoutMinutes: number;
}

/** Who submitted or decided an approval: the object id and display name of a validated token, never a request body. */
export interface ApprovalActor {
  readonly id: string;
  readonly name?: string;
}

/** The input of instances started from version 2.0 on: the start route adds the submitter. */
export interface RecordedApprovalInput extends ApprovalInput {
  readonly submittedBy: ApprovalActor;
}

export interface ApprovalDecision {
  readonly approved: boolean;
  /** Set by the decision route from version 2.0 on. */
  readonly decidedBy?: ApprovalActor;
}

export type ApprovalOutcome = { readonly request: string; readonly outcome: "approved" | "rejected" | "timedOut" };

/** The custom status of instances started from version 2.0 on: whether the instance still listens for a decision. */
export type ApprovalProgress =
  | { readonly awaitingDecision: true; readonly deadline: string; readonly submittedBy: ApprovalActor }
  | {
      readonly awaitingDecision: false;
      readonly outcome: "approved" | "rejected";
      readonly decidedAt: string;
      readonly decidedBy: ApprovalActor | null;
      readonly submittedBy: ApprovalActor;
    }
  | { readonly awaitingDecision: false; readonly outcome: "timedOut"; readonly timedOutAt: string; readonly submittedBy: ApprovalActor };

export const approvalEventName = "ApprovalDecision";
/** Up to three days: below the SDK's six-day limit for a single timer. */
export const maxApprovalTimeoutMinutes = 3 * 24 * 60;
/** The version from which instances record their progress and their submitter (app/host.json defaultVersion). */
export const recordedApprovalVersion = "2.0";

/** The body of POST /api/patterns/approval. Identity fields in it are ignored: they come from the token only. */
export function parseApprovalInput(body: unknown): Parsed<ApprovalInput> {
  const fields = fieldsOf(body);
  if (fields === undefined) return rejected("The body must be a JSON object.");
  const request = textField(fields, "request", 200);
  if (!request.ok) return request;
  const timeoutMinutes = integerField(fields, "timeoutMinutes", 1, maxApprovalTimeoutMinutes, 60);
  if (!timeoutMinutes.ok) return timeoutMinutes;
  return parsed({ request: request.value, timeoutMinutes: timeoutMinutes.value });
}

export function isApprovalActor(value: unknown): value is ApprovalActor {
  if (typeof value !== "object" || value === null) return false;
  const { id, name } = value as Record<string, unknown>;
  return typeof id === "string" && id !== "" && (name === undefined || typeof name === "string");
}

function parseRecordedApprovalInput(input: unknown): Parsed<RecordedApprovalInput> {
  const base = parseApprovalInput(input);
  if (!base.ok) return base;
  const submittedBy = fieldsOf(input)?.submittedBy;
  if (!isApprovalActor(submittedBy)) return rejected("'submittedBy' must name who submitted the approval ({id, name}).");
  return parsed({ ...base.value, submittedBy });
}

function isDecision(value: unknown): value is ApprovalDecision {
  return typeof value === "object" && value !== null && typeof (value as ApprovalDecision).approved === "boolean";
}

/** The progress an instance of version 2.0 or later recorded, or undefined (older instances record none). */
export function approvalProgressOf(customStatus: unknown): ApprovalProgress | undefined {
  if (typeof customStatus !== "object" || customStatus === null) return undefined;
  const awaiting = (customStatus as { awaitingDecision?: unknown }).awaitingDecision;
  return typeof awaiting === "boolean" ? (customStatus as ApprovalProgress) : undefined;
}

/** Instances started before version 2.0: exactly the branch they were started with. */
function* approvalBeforeRecording(context: OrchestrationContext): Generator<Task, ApprovalOutcome, unknown> {
  const { request, timeoutMinutes } = inputOrThrow(parseApprovalInput(context.df.getInput()));
  const deadline = new Date(context.df.currentUtcDateTime.getTime() + timeoutMinutes * 60_000);
  const timeout = context.df.createTimer(deadline);
  const decision = context.df.waitForExternalEvent(approvalEventName);
  const winner: unknown = yield context.df.Task.any([decision, timeout]);
  if (winner === timeout) return { request, outcome: "timedOut" };
  // Cancel the timer so the instance completes now instead of idling until the deadline.
  timeout.cancel();
  const approved = isDecision(decision.result) && decision.result.approved;
  return { request, outcome: approved ? "approved" : "rejected" };
}

/**
 * From version 2.0: the same timer and event, and a custom status saying whether the instance still listens, who
 * submitted it and who decided. The decision route reads it to refuse a decision nobody will take.
 */
function* recordedApproval(context: OrchestrationContext): Generator<Task, ApprovalOutcome, unknown> {
  const { request, timeoutMinutes, submittedBy } = inputOrThrow(parseRecordedApprovalInput(context.df.getInput()));
  const deadline = new Date(context.df.currentUtcDateTime.getTime() + timeoutMinutes * 60_000);
  const timeout = context.df.createTimer(deadline);
  const decision = context.df.waitForExternalEvent(approvalEventName);
  const record = (progress: ApprovalProgress) => context.df.setCustomStatus(progress);
  record({ awaitingDecision: true, deadline: deadline.toISOString(), submittedBy });
  const winner: unknown = yield context.df.Task.any([decision, timeout]);
  const now = context.df.currentUtcDateTime.toISOString();
  if (winner === timeout) {
    record({ awaitingDecision: false, outcome: "timedOut", timedOutAt: now, submittedBy });
    return { request, outcome: "timedOut" };
  }
  timeout.cancel();
  const result = isDecision(decision.result) ? decision.result : undefined;
  const outcome = result?.approved === true ? "approved" : "rejected";
  const decidedBy = isApprovalActor(result?.decidedBy) ? result.decidedBy : null;
  record({ awaitingDecision: false, outcome, decidedAt: now, decidedBy, submittedBy });
  return { request, outcome };
}

/**
 * Human interaction: wait for the approval event or the durable timer, whichever comes first. The deadline derives
 * from the orchestration's clock, so every replay computes the same timer.
 */
export const approvalOrchestrator: OrchestrationHandler = function* (context: OrchestrationContext) {
  return startedAtOrAfter(context, recordedApprovalVersion) ? yield* recordedApproval(context) : yield* approvalBeforeRecording(context);
};
