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
