import { z } from "zod";

// Naming rules of Azure and Durable Functions, each with the wording an error message shows.
const noDoubleDash = (value: string) => !value.includes("--");

export const storageAccountName = z.string().regex(/^[a-z0-9]{3,24}$/, "must be 3-24 lowercase letters or digits");

export const keyVaultName = z
  .string()
  .regex(
    /^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/,
    "must be 3-24 letters, digits or dashes, start with a letter and end with a letter or digit",
  )
  .refine(noDoubleDash, "must not contain a double dash");

export const registryName = z.string().regex(/^[a-zA-Z0-9]{5,50}$/, "must be 5-50 letters or digits");

export const appConfigurationName = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9-]{3,48}[a-zA-Z0-9]$/, "must be 5-50 letters, digits or dashes, starting and ending with a letter or digit")
  .refine(noDoubleDash, "must not contain a double dash");

export const aksDnsPrefix = z
  .string()
  .regex(
    /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,52}[a-zA-Z0-9])?$/,
    "must be 1-54 letters, digits or dashes, starting and ending with a letter or digit",
  );

export const resourceGroupName = z
  .string()
  .regex(/^[-\w.()]{1,89}[-\w()]$/, "must be 1-90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'");

export const resourceName = z
  .string()
  .regex(
    /^[a-zA-Z0-9][a-zA-Z0-9-]{0,58}[a-zA-Z0-9]$/,
    "must be 2-60 letters, digits or dashes, starting and ending with a letter or digit",
  );

export const taskHubName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{2,44}$/, "must be 3-45 letters or digits and start with a letter");

export const hostId = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/, "must be 1-32 lowercase letters, digits or dashes, with no dash at either end")
  .refine(noDoubleDash, "must not contain a double dash");

export const dnsName = z
  .string()
  .max(253, "must be at most 253 characters")
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/,
    "must be a lowercase DNS name such as app.example.com (labels of 1-63 letters, digits or dashes)",
  );

export const kubernetesName = z
  .string()
  .regex(
    /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
    "must be a DNS-1123 label: 1-63 lowercase letters, digits or dashes, no dash at either end",
  );

export const stackReference = z.string().regex(/^[\w.-]+\/[\w.-]+\/[\w.-]+$/, "must name a stack as <organization>/<project>/<stack>");

export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a GUID");

export const positiveInt = z.int("must be a whole number").positive("must be a positive whole number");

export const kubernetesQuantity = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/, "must be a Kubernetes quantity such as 250m, 512Mi or 1");

const privateIpv4 = /^(10\.|127\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/;

export const publicIpv4Range = z
  .string()
  .regex(
    /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)(\/([0-9]|[12]\d|3[0-2]))?$/,
    "must be an IPv4 address or CIDR range such as 203.0.113.0/24",
  )
  .refine((range) => !privateIpv4.test(range), "must be a public range: a private address never reaches a public endpoint");

export const userAssignedIdentityId = z
  .string()
  .regex(
    /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i,
    "must be a user-assigned identity resource id (/subscriptions/.../Microsoft.ManagedIdentity/userAssignedIdentities/<name>)",
  );

export const subnetId = z
  .string()
  .regex(
    /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i,
    "must be a subnet resource id (/subscriptions/.../virtualNetworks/<vnet>/subnets/<subnet>)",
  );
/** The subset of Go durations oauth2-proxy reads for its cookie settings: hours, minutes, seconds, e.g. 1h or 30m. */
export const duration = z
  .string()
  .regex(/^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/, "must be a duration such as 1h, 30m or 1h30m")
  .refine((value) => durationSeconds(value) > 0, "must be longer than 0s");

export function durationSeconds(value: string): number {
  const part = (unit: string) => Number(new RegExp(`(\\d+)${unit}`).exec(value)?.[1] ?? 0);
  return part("h") * 3600 + part("m") * 60 + part("s");
}

// The words the AKS app routing NGINX refuses in any annotation value (Azure/aks-app-routing-operator pkg/manifests/nginx.go, annotation-value-word-blocklist).
export const nginxAnnotationBlocklist = [
  "load_module",
  "lua_package",
  "_by_lua",
  "location",
  "root",
  "proxy_pass",
  "serviceaccount",
  "{",
  "}",
  "'",
] as const;

/** The blocklisted words a value contains: NGINX then skips the whole Ingress (a plain substring test: kubernetes/ingress-nginx internal/ingress/controller/store/store.go checkBadAnnotationValue). */
export const nginxBlockedWords = (value: string) => nginxAnnotationBlocklist.filter((word) => value.includes(word));
