import type { ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { functionsHostsOf, type FunctionsHost, type StackResource } from "../lib/functions-hosts";
import { annotationsOf, backendsOfRoute, gatewayRoutesOf, ingressesOf, pathsOfIngress } from "../lib/ingress";
import { azureTypes, isAzureNativeType, kubernetesTypes } from "../lib/resource-types";
import { asString, pathOf } from "../lib/props";

const annotation = (name: string) => `nginx.ingress.kubernetes.io/${name}`;
const nginxClass = /nginx|webapprouting\.kubernetes\.azure\.com/;
const requiredAuthAnnotations = [
  {
    name: annotation("auth-url"),
    shape: /^https?:\/\/[^/]+\/oauth2\/auth$/,
    example: "http://oauth2-proxy.oauth2-proxy.svc.cluster.local/oauth2/auth",
  },
  { name: annotation("auth-response-headers"), shape: /\S/, example: "X-Auth-Request-User,X-Auth-Request-Email" },
] as const;

// The app's auth level setting (app/src/contract/settingNames.ts); the pack stays free of app imports.
const authLevelSetting = "HttpAuthLevel";

/**
 * On AKS the app runs anonymous, so every route to it must go through the authenticating proxy, whatever the
 * implementation: an NGINX Ingress that asks OAuth2 Proxy (auth_request), or a Gateway API route whose backend is
 * OAuth2 Proxy (never the app's Service). On App Service an anonymous site or slot needs App Service authentication of
 * its own that signs callers in with Entra ID; one with function keys (HttpAuthLevel function, the app's default) does not.
 */
export const anonymousAppBehindAuthenticatedIngress: StackValidationPolicy = {
  name: "anonymous-app-behind-authenticated-ingress",
  description:
    "The anonymous Functions app is reachable only through an authenticating entry: on AKS OAuth2 Proxy (NGINX Ingresses authenticate with it, Gateway API routes send traffic to it, never to the app), on App Service its built-in authentication with Entra ID.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const hosts = functionsHostsOf(args.resources);
    const anonymousSites = hosts.filter(
      (host) => host.hosting === "appService" && host.settings.get(authLevelSetting)?.value === "anonymous",
    );
    for (const site of anonymousSites) checkSiteAuthentication(site, args.resources, reportViolation);
    const appNamespaces = new Set(hosts.flatMap((host) => (host.hosting === "aks" && host.namespace ? [host.namespace] : [])));
    if (appNamespaces.size === 0) {
      if (anonymousSites.length === 0)
        args.notApplicable("no Functions host runs anonymous: none on AKS, and App Service keeps function keys");
      return;
    }
    checkServicesStayInternal(args.resources, reportViolation);
    const appIngresses = ingressesOf(args.resources).filter((ingress) => !servesOnlyOAuth2Proxy(ingress));
    for (const ingress of appIngresses) checkIngressAuthentication(ingress, reportViolation);
    const routes = gatewayRoutesOf(args.resources);
    for (const route of routes) checkRouteGoesThroughProxy(route, appNamespaces, reportViolation);
    if ((appIngresses.length > 0 || routes.length > 0) && !args.resources.some(isOAuth2ProxyRelease)) {
      reportViolation(
        "The stack routes public traffic but deploys no OAuth2 Proxy to authenticate it: add the oauth2-proxy Helm release (chart oauth2-proxy, provider entra-id).",
      );
    }
  },
};

function checkServicesStayInternal(resources: readonly StackResource[], reportViolation: ReportViolation): void {
  for (const service of resources.filter((resource) => resource.type === kubernetesTypes.service)) {
    const type = asString(pathOf(service.props, "spec", "type")) ?? "ClusterIP";
    if (type !== "ClusterIP") {
      reportViolation(
        `Service "${service.name}" is of type ${type}, which exposes the anonymous app past the authenticating proxy: set spec.type to ClusterIP.`,
        service.urn,
      );
    }
  }
}

function checkIngressAuthentication(ingress: StackResource, reportViolation: ReportViolation): void {
  const ingressClass = asString(pathOf(ingress.props, "spec", "ingressClassName")) ?? "";
  if (!nginxClass.test(ingressClass)) {
    reportViolation(
      `Ingress "${ingress.name}" has class "${ingressClass}", where the NGINX auth annotations do nothing: set spec.ingressClassName to webapprouting.kubernetes.azure.com.`,
      ingress.urn,
    );
  }
  const annotations = annotationsOf(ingress);
  for (const required of requiredAuthAnnotations) {
    const value = annotations.get(required.name);
    if (value === undefined || !required.shape.test(value)) {
      const found = value === undefined ? "lacks" : `has an unexpected "${value}" in`;
      reportViolation(
        `Ingress "${ingress.name}" ${found} ${required.name}: set it to ${required.example} (OAuth2 Proxy) so every request is authenticated.`,
        ingress.urn,
      );
    }
  }
}

/** Gateway API has no standard authentication filter here: a route straight into the app's namespace bypasses the proxy. */
function checkRouteGoesThroughProxy(route: StackResource, appNamespaces: Set<string>, reportViolation: ReportViolation): void {
  for (const backend of backendsOfRoute(route).filter((candidate) => appNamespaces.has(candidate.namespace))) {
    reportViolation(
      `${route.type.split(":").pop()} "${route.name}" sends traffic straight to Service "${backend.name}" in the app's namespace "${backend.namespace}", past authentication: send it to OAuth2 Proxy, whose upstream is the app.`,
      route.urn,
    );
  }
}

/** OAuth2 Proxy's own Ingress (its /oauth2 paths) is the sign-in endpoint and cannot sit behind itself. */
function servesOnlyOAuth2Proxy(ingress: StackResource): boolean {
  const paths = pathsOfIngress(ingress);
  return paths.length > 0 && paths.every((path) => path.startsWith("/oauth2"));
}

function isOAuth2ProxyRelease(resource: StackResource): boolean {
  return resource.type === kubernetesTypes.helmRelease && /oauth2-proxy/.test(asString(resource.props["chart"]) ?? "");
}

/** The authsettingsV2 of a site (WebAppAuthSettingsV2, by site name) or of a slot (WebAppAuthSettingsV2Slot, by site and slot name). */
function authenticationOf(site: FunctionsHost, resources: readonly StackResource[]): StackResource | undefined {
  const siteName = asString(site.resource.props["name"]);
  const slot = asString(site.resource.props["slot"]);
  const type = slot === undefined ? azureTypes.webAppAuthSettings : azureTypes.webAppSlotAuthSettings;
  return resources.find(
    (resource) =>
      isAzureNativeType(resource.type, type) &&
      siteName !== undefined &&
      asString(resource.props["name"]) === siteName &&
      asString(resource.props["slot"]) === slot,
  );
}

/** App Service lets nobody through without a sign-in only when its authentication is on, required, and signs in with Entra ID. */
function checkSiteAuthentication(site: FunctionsHost, resources: readonly StackResource[], reportViolation: ReportViolation): void {
  const anonymous = `${site.label} is anonymous (${authLevelSetting} anonymous)`;
  const auth = authenticationOf(site, resources);
  if (auth === undefined) {
    const resource = asString(site.resource.props["slot"]) === undefined ? "WebAppAuthSettingsV2" : "WebAppAuthSettingsV2Slot";
    reportViolation(
      `${anonymous} but has no App Service authentication: add ${resource} requiring an Entra ID sign-in, or set ${authLevelSetting} to function.`,
      site.resource.urn,
    );
    return;
  }
  const problems: string[] = [];
  if (pathOf(auth.props, "platform", "enabled") !== true) problems.push("is off: set platform.enabled to true");
  const validation = (key: string) => pathOf(auth.props, "globalValidation", key);
  if (validation("requireAuthentication") !== true || validation("unauthenticatedClientAction") === "AllowAnonymous") {
    problems.push(
      "lets unauthenticated callers through: set globalValidation.requireAuthentication to true and unauthenticatedClientAction to Return401",
    );
  }
  const entra = (...keys: string[]) => pathOf(auth.props, "identityProviders", "azureActiveDirectory", ...keys);
  if (entra("enabled") !== true || !asString(entra("registration", "clientId"))) {
    problems.push("signs nobody in with Entra ID: enable identityProviders.azureActiveDirectory with the application's client id");
  }
  for (const problem of problems) reportViolation(`${anonymous} and its authentication "${auth.name}" ${problem}.`, auth.urn);
}
