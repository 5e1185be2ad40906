import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { actorOf } from "../auth/caller";
import type { CallerAuthenticator } from "../auth/callerAuthentication";
import { startablePatterns } from "../patterns/startablePatterns";
import { acceptedResponse } from "./acceptedResponse";
import type { OrchestrationStarter } from "./durableClientParts";
import { readJsonBody } from "./requestBody";
import { errorResponse } from "./responses";

export const unknownPatternError = `Unknown pattern. Use one of: ${[...startablePatterns.keys()].join(", ")}.`;

/**
 * POST /api/patterns/{name}: starts one of the allow-listed pattern orchestrations with the JSON body as input. A
 * pattern that records its submitter (approval) needs a signed-in caller, taken from the validated token only.
 */
export async function startPattern(
  request: HttpRequest,
  client: OrchestrationStarter,
  context: InvocationContext,
  callers: CallerAuthenticator,
): Promise<HttpResponseInit> {
  const pattern = startablePatterns.get(request.params.name ?? "");
  if (pattern === undefined) return errorResponse(404, unknownPatternError);
  const authentication = pattern.recordsSubmitter ? await callers.authenticate(request, context) : undefined;
  if (authentication?.ok === false) return authentication.response;
  const body = await readJsonBody(request);
  if (!body.ok) return errorResponse(400, body.error);
  const input = pattern.parseInput(body.body);
  if (!input.ok) return errorResponse(400, input.error);
  const submitter = authentication?.ok ? { submittedBy: actorOf(authentication.caller) } : {};
  const instanceId = await client.startNew(pattern.orchestrator, { input: { ...(input.value as object), ...submitter } });
  context.log(`Started ${pattern.orchestrator} as ${instanceId}.`);
  return acceptedResponse(request, process.env, instanceId);
}
