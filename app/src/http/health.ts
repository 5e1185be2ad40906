import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { imageSettingNames } from "../contract/settingNames";
import { optionalSetting } from "../settings";
import { jsonResponse } from "./responses";

/**
 * GET /api/health: liveness and readiness. Answering at all proves the host loaded the app and routes requests; it
 * touches no storage, so a probe never costs a query. The build identifiers tell which image is running.
 */
export async function health(_request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> {
  return jsonResponse(200, {
    status: "healthy",
    buildNumber: optionalSetting(process.env, imageSettingNames.buildNumber) ?? "unknown",
    sourceVersion: optionalSetting(process.env, imageSettingNames.sourceVersion) ?? "unknown",
  });
}
