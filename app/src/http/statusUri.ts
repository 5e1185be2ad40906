import type { HttpRequest } from "@azure/functions";
import { appSettingNames } from "../contract/settingNames";
import { ConfigurationError, optionalSetting, type Environment } from "../settings";

const hostPattern = /^[A-Za-z0-9.-]+(:\d{1,5})?$/;

/** WEBSITE_HOSTNAME when it is a plain host[:port] (App Service's name, or the ingress host the deployment sets). */
function configuredHost(env: Environment): string | undefined {
  const host = optionalSetting(env, appSettingNames.websiteHostname);
  return host !== undefined && hostPattern.test(host) ? host : undefined;
}

/** Checked at start-up: a WEBSITE_HOSTNAME that is set must be a plain host[:port]. */
export function checkPublicHost(env: Environment): void {
  const host = optionalSetting(env, appSettingNames.websiteHostname);
  if (host !== undefined && configuredHost(env) === undefined) {
    throw new ConfigurationError(
      `The app setting '${appSettingNames.websiteHostname}' must be a host name with an optional port (host[:port]), got '${host}'.`,
    );
  }
}

/**
 * Scheme and host clients use to reach the app, or undefined when WEBSITE_HOSTNAME does not name it: the request's own
 * host comes from its Host header, which the client chooses. The scheme comes from X-Forwarded-Proto, which the ingress
 * and App Service set when they terminate TLS, else from the request.
 */
export function publicOrigin(request: HttpRequest, env: Environment): string | undefined {
  const host = configuredHost(env);
  if (host === undefined) return undefined;
  const forwardedProto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  const scheme = forwardedProto === "https" || forwardedProto === "http" ? forwardedProto : new URL(request.url).protocol.slice(0, -1);
  return `${scheme}://${host}`;
}

/**
 * Where a client polls an instance: our own status route, never the Durable management API, whose URLs carry the
 * system key. Absolute on the configured host, else relative, which a client resolves against the URL it called (a URI
 * reference, as Location allows: RFC 9110 section 10.2.2).
 */
export function statusUri(request: HttpRequest, env: Environment, instanceId: string): string {
  return `${publicOrigin(request, env) ?? ""}/api/status/${encodeURIComponent(instanceId)}`;
}
