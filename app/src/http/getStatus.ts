import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import type { DurableOrchestrationStatus } from "durable-functions";
import { retryAfterSeconds } from "./acceptedResponse";
import type { StatusReader } from "./durableClientParts";
import { isUnknownInstanceError, isValidInstanceId } from "./instanceId";
import { errorResponse, jsonResponse } from "./responses";

export const statusErrors = {
  invalidId: "Invalid job id.",
  notFound: "Job not found.",
} as const;

const finishedStatuses = new Set(["Completed", "Failed", "Terminated", "Canceled"]);

/** The status, or undefined when the task hub has no such instance. */
export async function readStatus(client: StatusReader, instanceId: string): Promise<DurableOrchestrationStatus | undefined> {
  try {
    const status = await client.getStatus(instanceId, { showHistory: false, showHistoryOutput: false, showInput: false });
    return status?.instanceId ? status : undefined;
  } catch (error) {
    if (isUnknownInstanceError(error)) return undefined;
    throw error;
  }
}

/**
 * GET /api/status/{id}: only `{id, status, result}` (as in the original service: no management URLs, keys, input or history). The result
 * is the output of a completed instance and null otherwise, so failure details stay in the logs.
 */
export async function getStatus(request: HttpRequest, client: StatusReader, _context: InvocationContext): Promise<HttpResponseInit> {
  const instanceId = request.params.id;
  if (!isValidInstanceId(instanceId)) return errorResponse(400, statusErrors.invalidId);
  const status = await readStatus(client, instanceId);
  if (status === undefined) return errorResponse(404, statusErrors.notFound);
  const runtimeStatus = String(status.runtimeStatus);
  const result = runtimeStatus === "Completed" ? (status.output ?? null) : null;
  const pollAgain: Record<string, string> = finishedStatuses.has(runtimeStatus) ? {} : { "Retry-After": String(retryAfterSeconds) };
  return jsonResponse(200, { id: status.instanceId, status: runtimeStatus, result }, pollAgain);
}
