import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { functionNames } from "../contract/functionNames";
import { approvalEventName, type ApprovalDecision } from "../patterns/approval";
import { acceptedResponse } from "./acceptedResponse";
import type { EventRaiser } from "./durableClientParts";
import { statusErrors, readStatus } from "./getStatus";
import { isValidInstanceId } from "./instanceId";
import { errorResponse } from "./responses";

const decisions: ReadonlyMap<string, ApprovalDecision> = new Map([
  ["approve", { approved: true }],
  ["reject", { approved: false }],
]);

export const approvalErrors = {
  invalidDecision: "The decision must be 'approve' or 'reject'.",
  notPending: "That job is not an approval waiting for a decision.",
} as const;

/**
 * POST /api/approvals/{id}/{decision}: raises the approval event, but only on a running approval orchestration, so
 * the route cannot be used to poke events into other instances.
 */
export async function submitApproval(request: HttpRequest, client: EventRaiser, context: InvocationContext): Promise<HttpResponseInit> {
  const instanceId = request.params.id;
  if (!isValidInstanceId(instanceId)) return errorResponse(400, statusErrors.invalidId);
  const decision = decisions.get(request.params.decision ?? "");
  if (decision === undefined) return errorResponse(400, approvalErrors.invalidDecision);
  const status = await readStatus(client, instanceId);
  if (status === undefined) return errorResponse(404, statusErrors.notFound);
  const waiting = status.name === functionNames.approvalOrchestrator && ["Running", "Pending"].includes(String(status.runtimeStatus));
  if (!waiting) return errorResponse(409, approvalErrors.notPending);
  await client.raiseEvent(instanceId, approvalEventName, decision);
  context.log(`Approval ${instanceId}: ${decision.approved ? "approved" : "rejected"}.`);
  return acceptedResponse(request, process.env, instanceId);
}
