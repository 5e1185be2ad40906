import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import type { DurableOrchestrationStatus } from "durable-functions";
import { actorOf } from "../auth/caller";
import { approverRefusal, type CallerAuthenticator } from "../auth/callerAuthentication";
import { functionNames } from "../contract/functionNames";
import { approvalEventName, approvalProgressOf, type ApprovalDecision } from "../patterns/approval";
import { acceptedResponse } from "./acceptedResponse";
import type { EventRaiser } from "./durableClientParts";
import { statusErrors, readStatus } from "./getStatus";
import { isValidInstanceId } from "./instanceId";
import { errorResponse, jsonResponse } from "./responses";

const decisions: ReadonlyMap<string, boolean> = new Map([
  ["approve", true],
  ["reject", false],
]);

export const approvalErrors = {
  invalidDecision: "The decision must be 'approve' or 'reject'.",
} as const;

/** Why a decision is refused (409 `{"error","reason"}`). */
export const approvalConflicts = {
  notAnApproval: "That job is not an approval.",
  notRunning: "That approval is no longer running.",
  alreadyDecided: "That approval has already been decided.",
  timedOut: "That approval timed out before the decision.",
} as const;
export type ApprovalConflict = keyof typeof approvalConflicts;

const listeningStatuses = new Set(["Running", "Pending"]);

/**
 * Why the instance will not take a decision now, or undefined when it may. Instances of version 2.0 or later record in
 * their custom status when they stop listening; older ones are judged by their runtime status alone.
 */
export function approvalConflict(status: DurableOrchestrationStatus, now: Date): ApprovalConflict | undefined {
  if (status.name !== functionNames.approvalOrchestrator) return "notAnApproval";
  const progress = approvalProgressOf(status.customStatus);
  if (progress?.awaitingDecision === false) return progress.outcome === "timedOut" ? "timedOut" : "alreadyDecided";
  if (!listeningStatuses.has(String(status.runtimeStatus))) return "notRunning";
  // The timer is due but not processed yet: the decision would arrive after the deadline.
  if (progress?.awaitingDecision === true && Date.parse(progress.deadline) <= now.getTime()) return "timedOut";
  return undefined;
}

/**
 * POST /api/approvals/{id}/{decision}: only a person holding the approver role decides (app/src/auth); the event
 * records who (`decidedBy`). It raises the approval event only on an approval that still listens, so the route can
 * neither poke events into other instances nor answer 202 for a decision nobody takes. The window left
 * (app/README.md, "Approvals"): between the status read and raiseEvent the instance may take another decision or
 * time out, and durable-functions 3.5.0 raiseEvent resolves on 410 Gone as on 202
 * (lib/src/durableClient/DurableClient.js), so that case still answers 202.
 */
export async function submitApproval(
  request: HttpRequest,
  client: EventRaiser,
  context: InvocationContext,
  callers: CallerAuthenticator,
): Promise<HttpResponseInit> {
  const authentication = await callers.authenticate(request, context);
  if (!authentication.ok) return authentication.response;
  const refusal = approverRefusal(authentication.caller);
  if (refusal !== undefined) return refusal;
  const instanceId = request.params.id;
  if (!isValidInstanceId(instanceId)) return errorResponse(400, statusErrors.invalidId);
  const approved = decisions.get(request.params.decision ?? "");
  if (approved === undefined) return errorResponse(400, approvalErrors.invalidDecision);
  const decision: ApprovalDecision = { approved, decidedBy: actorOf(authentication.caller) };
  const status = await readStatus(client, instanceId);
  if (status === undefined) return errorResponse(404, statusErrors.notFound);
  const conflict = approvalConflict(status, new Date());
  if (conflict !== undefined) return jsonResponse(409, { error: approvalConflicts[conflict], reason: conflict });
  await client.raiseEvent(instanceId, approvalEventName, decision);
  context.log(`Approval ${instanceId}: ${approved ? "approved" : "rejected"} by ${decision.decidedBy?.id}.`);
  return acceptedResponse(request, process.env, instanceId);
}
