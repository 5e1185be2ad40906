import type { Settings } from "../config";

// The firewalls of the network option (docs/security.md#network-option), one function per service. Off is spelled out (Allow,
// no ranges) rather than left unset, so switching the option off again opens what it had closed.
type Network = Settings["network"];
const open = { defaultAction: "Allow" as const, bypass: "AzureServices" };

/** Storage rejects /31 and /32 prefixes in IP rules: a single address is written bare (azure-native storage IPRule docs). */
const storageRange = (range: string) => range.replace(/\/32$/, "");

/**
 * Storage denies by default only when subnets are listed: same-region clients (the app) reach it from private Azure
 * addresses that IP rules never match (https://learn.microsoft.com/azure/storage/common/storage-network-security).
 */
export function storageNetworkRules(network: Network) {
  if (!network.restrictPublicAccess || !network.storageSubnetIds.length) return open;
  return {
    defaultAction: "Deny" as const,
    bypass: "AzureServices",
    ipRules: network.allowedIpRanges.map((range) => ({ iPAddressOrRange: storageRange(range), action: "Allow" as const })),
    virtualNetworkRules: network.storageSubnetIds.map((id) => ({ virtualNetworkResourceId: id, action: "Allow" as const })),
  };
}

/** Key Vault: deny by default, the listed ranges and trusted Azure services (the option is refused with App Service: config). */
export function keyVaultNetworkAcls(network: Network) {
  if (!network.restrictPublicAccess) return open;
  return { defaultAction: "Deny", bypass: "AzureServices", ipRules: network.allowedIpRanges.map((value) => ({ value })) };
}

/** The registry: deny by default, the listed ranges, trusted services. Only Premium takes rules (restricting demands it in config). */
export function registryNetworkRules(network: Network, sku: string) {
  if (!network.restrictPublicAccess) return sku === "Premium" ? { networkRuleSet: { defaultAction: "Allow" } } : {};
  return {
    networkRuleSet: {
      defaultAction: "Deny",
      ipRules: network.allowedIpRanges.map((range) => ({ iPAddressOrRange: range, action: "Allow" })),
    },
    networkRuleBypassOptions: "AzureServices",
  };
}

/** The AKS API server answers only the listed ranges; AKS reads an empty list as "everyone" (config demands ranges when restricting). */
export function apiServerAccessProfile(network: Network) {
  return { authorizedIPRanges: network.restrictPublicAccess ? network.allowedIpRanges : [] };
}
