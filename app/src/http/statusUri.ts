import type { HttpRequest } from "@azure/functions";
import { appSettingNames } from "../contract/settingNames";
import { optionalSetting, type Environment } from "../settings";

const hostPattern = /^[A-Za-z0-9.-]+(:\d{1,5})?$/;

/**
 * Scheme and host clients use to reach the app. The host comes from WEBSITE_HOSTNAME (the ingress or App Service name)
 * when it is a plain host[:port], else from the request; the scheme from X-Forwarded-Proto, which the ingress and
 * App Service set when they terminate TLS, else from the request.
 */
export function publicOrigin(request: HttpRequest, env: Environment): string {
  const requestUrl = new URL(request.url);
  const forwardedProto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  const scheme = forwardedProto === "https" || forwardedProto === "http" ? forwardedProto : requestUrl.protocol.slice(0, -1);
  const configuredHost = optionalSetting(env, appSettingNames.websiteHostname);
  const host = configuredHost !== undefined && hostPattern.test(configuredHost) ? configuredHost : requestUrl.host;
  return `${scheme}://${host}`;
}

/** Where a client polls an instance: our own status route, never the Durable management API (seed 004). */
export function statusUri(request: HttpRequest, env: Environment, instanceId: string): string {
  return `${publicOrigin(request, env)}/api/status/${encodeURIComponent(instanceId)}`;
}
