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
    add(
      "network.allowedIpRanges",
      allowedIpRanges,
      "must list at least the deployer's public range when network.restrictPublicAccess is true",
    );
  }
  if (settings.hosting === "appService") {
    // App Service resolves Key Vault references and pulls images from its outbound addresses, which are known only once the
    // site exists, and is no trusted service for either; reaching them behind a firewall needs VNet integration, not built here
    // (https://learn.microsoft.com/azure/app-service/app-service-key-vault-references, "Access vaults with network restrictions").
    add(
      "network.restrictPublicAccess",
      true,
      "is supported with hosting aks only: App Service would reach Key Vault, the registry and Storage from addresses the firewalls do not list (VNet integration is not built)",
    );
  }
  if (settings.registry.sku !== "Premium") {
    // Network rule sets are a Premium feature (https://learn.microsoft.com/azure/container-registry/container-registry-access-selected-networks).
    add(
      "registry.sku",
      settings.registry.sku,
      "must be Premium when network.restrictPublicAccess is true: only Premium registries take network rules",
    );
  }
  return issues;
}
