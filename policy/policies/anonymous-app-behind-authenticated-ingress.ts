import type { ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { functionsHostsOf, type StackResource } from "../lib/functions-hosts";
import { annotationsOf, ingressesOf, pathsOfIngress } from "../lib/ingress";
import { kubernetesTypes } from "../lib/resource-types";
import { asString, pathOf } from "../lib/props";

const annotation = (name: string) => `nginx.ingress.kubernetes.io/${name}`;
const nginxClass = /nginx|webapprouting\.kubernetes\.azure\.com/;
const requiredAuthAnnotations = [
  { name: annotation("auth-url"), shape: /^https?:\/\/[^/]+\/oauth2\/auth$/, example: "https://<host>/oauth2/auth" },
  { name: annotation("auth-signin"), shape: /^https?:\/\/[^/]+\/oauth2\/start/, example: "https://<host>/oauth2/start?rd=$escaped_request_uri" },
  { name: annotation("auth-response-headers"), shape: /\S/, example: "X-Auth-Request-User,X-Auth-Request-Email" },
] as const;

/**
 * In a container the app picks the anonymous auth level (no WEBSITE_SITE_NAME), so on AKS it must be reachable
 * only through an Ingress that authenticates through OAuth2 Proxy. On App Service it keeps function keys.
 */
export const anonymousAppBehindAuthenticatedIngress: StackValidationPolicy = {
  name: "anonymous-app-behind-authenticated-ingress",
  description: "On AKS the anonymous Functions app is exposed only through an NGINX Ingress authenticated by an OAuth2 Proxy release.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    if (!functionsHostsOf(args.resources).some((host) => host.hosting === "aks")) {
      args.notApplicable("no Functions host runs on AKS; App Service keeps function keys");
    }
    checkServicesStayInternal(args.resources, reportViolation);
    const appIngresses = ingressesOf(args.resources).filter((ingress) => !servesOnlyOAuth2Proxy(ingress));
    for (const ingress of appIngresses) checkIngressAuthentication(ingress, reportViolation);
    if (appIngresses.length > 0 && !args.resources.some(isOAuth2ProxyRelease)) {
      reportViolation(
        "The Ingress authenticates through OAuth2 Proxy but the stack deploys none: add the oauth2-proxy Helm release (chart oauth2-proxy, provider entra-id) that serves /oauth2.",
      );
    }
  },
};

function checkServicesStayInternal(resources: readonly StackResource[], reportViolation: ReportViolation): void {
  for (const service of resources.filter((resource) => resource.type === kubernetesTypes.service)) {
    const type = asString(pathOf(service.props, "spec", "type")) ?? "ClusterIP";
    if (type !== "ClusterIP") {
      reportViolation(
        `Service "${service.name}" is of type ${type}, which exposes the anonymous app past the authenticated Ingress: set spec.type to ClusterIP.`,
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
      reportViolation(`Ingress "${ingress.name}" ${found} ${required.name}: set it to ${required.example} (OAuth2 Proxy) so every request is authenticated.`, ingress.urn);
    }
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
