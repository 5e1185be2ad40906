import { showValue, type ConfigIssue } from "./configError";
import type { Settings } from "./settings";

/** The network option's cross-field rules: a restriction nobody can deploy through, or a range that does nothing, fails here. */
export function networkIssues(settings: Settings, project: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (path: string, value: unknown, rule: string) => issues.push({ key: `${project}:${path}`, value: showValue(value), rule });
  const { restrictPublicAccess, allowedIpRanges, storageSubnetIds } = settings.network;
  if (!restrictPublicAccess) {
    const ignored = "has no effect unless network.restrictPublicAccess is true";
    if (allowedIpRanges.length) add("network.allowedIpRanges", allowedIpRanges, ignored);
    if (storageSubnetIds.length) add("network.storageSubnetIds", storageSubnetIds, ignored);
    return issues;
  }
  if (!allowedIpRanges.length) {
    // AKS reads an empty authorized range list as "no restriction", and the deployer must still reach Key Vault and the registry.
    add("network.allowedIpRanges", allowedIpRanges, "must list at least the deployer's public range when network.restrictPublicAccess is true");
  }
  if (settings.registry.sku !== "Premium") {
    // Network rule sets are a Premium feature (https://learn.microsoft.com/azure/container-registry/container-registry-access-selected-networks).
    add("registry.sku", settings.registry.sku, "must be Premium when network.restrictPublicAccess is true: only Premium registries take network rules");
  }
  return issues;
}
