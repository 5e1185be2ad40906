import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import type { Environment } from "../settings";
import { jsonResponse } from "./responses";
import { statusUri } from "./statusUri";

/** Seconds a client should wait before its first poll. */
export const retryAfterSeconds = 5;

/** 202 with only `{id, statusUri}`, the same URL in Location, and Retry-After. */
export function acceptedResponse(request: HttpRequest, env: Environment, instanceId: string): HttpResponseInit {
  const uri = statusUri(request, env, instanceId);
  return jsonResponse(202, { id: instanceId, statusUri: uri }, { Location: uri, "Retry-After": String(retryAfterSeconds) });
}
