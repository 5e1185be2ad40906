import type { StackResource } from "./functions-hosts";
import { kubernetesTypes } from "./resource-types";
import { asArray, asString, pathOf, stringMap } from "./props";

export function ingressesOf(resources: readonly StackResource[], namespace?: string): StackResource[] {
  return resources.filter(
    (resource) =>
      resource.type === kubernetesTypes.ingress &&
      (namespace === undefined || (asString(pathOf(resource.props, "metadata", "namespace")) ?? "default") === namespace),
  );
}

export function hostsOfIngress(ingress: StackResource): string[] {
  return asArray(pathOf(ingress.props, "spec", "rules"))
    .map((rule) => asString(pathOf(rule, "host"))?.toLowerCase())
    .filter((host): host is string => host !== undefined && host !== "");
}

export function pathsOfIngress(ingress: StackResource): string[] {
  return asArray(pathOf(ingress.props, "spec", "rules")).flatMap((rule) =>
    asArray(pathOf(rule, "http", "paths")).map((path) => asString(pathOf(path, "path")) ?? "/"),
  );
}

export function annotationsOf(resource: StackResource): Map<string, string> {
  return stringMap(pathOf(resource.props, "metadata", "annotations"));
}

/** Gateway API routes (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute) of any version. */
export function gatewayRoutesOf(resources: readonly StackResource[]): StackResource[] {
  return resources.filter((resource) => /^kubernetes:gateway\.networking\.k8s\.io\/v[0-9a-z]+:[A-Z]+Route$/.test(resource.type));
}

const namespaceOf = (resource: StackResource) => asString(pathOf(resource.props, "metadata", "namespace")) ?? "default";

/** The Services a Gateway API route sends traffic to, with the namespace each lives in (a backendRef defaults to the route's). */
export function backendsOfRoute(route: StackResource): Array<{ name: string; namespace: string }> {
  return asArray(pathOf(route.props, "spec", "rules")).flatMap((rule) =>
    asArray(pathOf(rule, "backendRefs"))
      .filter((ref) => (asString(pathOf(ref, "kind")) ?? "Service") === "Service" && !asString(pathOf(ref, "group")))
      .map((ref) => ({ name: asString(pathOf(ref, "name")) ?? "", namespace: asString(pathOf(ref, "namespace")) ?? namespaceOf(route) })),
  );
}

export function hostnamesOfRoute(route: StackResource): string[] {
  return asArray(pathOf(route.props, "spec", "hostnames"))
    .map((host) => asString(host)?.toLowerCase())
    .filter((host): host is string => host !== undefined && host !== "");
}

/** The public hosts that reach an app namespace: its Ingresses, and the Gateway API routes of the stack. */
export function publicHostsFor(resources: readonly StackResource[], namespace: string | undefined): string[] {
  return [...ingressesOf(resources, namespace).flatMap(hostsOfIngress), ...gatewayRoutesOf(resources).flatMap(hostnamesOfRoute)];
}
