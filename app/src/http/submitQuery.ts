import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { functionNames } from "../contract/functionNames";
import { processAppSettings, type AppSettings } from "../appSettings";
import { validateSubmittedRange } from "../query/queryRange";
import { acceptedResponse } from "./acceptedResponse";
import type { OrchestrationStarter } from "./durableClientParts";
import { errorResponse } from "./responses";

/**
 * GET /api/submit/query?s=<start>&e=<end>: validates like the original API, then starts the query orchestration. The host passes
 * three arguments, so `settings` are the ones the process started with.
 */
export async function submitQuery(
  request: HttpRequest,
  client: OrchestrationStarter,
  context: InvocationContext,
  settings: Pick<AppSettings, "maxRangeDays"> = processAppSettings(),
): Promise<HttpResponseInit> {
  const validation = validateSubmittedRange(request.query.get("s"), request.query.get("e"), settings.maxRangeDays);
  if (!validation.ok) return errorResponse(400, validation.error);
  const instanceId = await client.startNew(functionNames.queryOrchestrator, { input: validation.range });
  context.log(`Started query ${instanceId} for ${validation.range.start}..${validation.range.end}.`);
  return acceptedResponse(request, process.env, instanceId);
}
