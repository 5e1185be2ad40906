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

const quantityRule = "must be a Kubernetes quantity such as 250m, 512Mi or 1";
/** A quantity; a plain number (`pulumi config set --path app.cpuLimit 2` stores an int) is the same quantity without a suffix. */
export const kubernetesQuantity = z
  .union([z.string(), z.number()], quantityRule)
  .transform((value) => String(value))
  .pipe(z.string().regex(/^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/, quantityRule));

export const publicIpv4Range = z
  .string()
  .regex(
    /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)(\/([0-9]|[12]\d|3[0-2]))?$/,
    "must be an IPv4 address or CIDR range such as 203.0.113.0/24",
  )
  .superRefine((range, ctx) => {
    const problem = publicRangeProblem(range);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/**
 * Blocks no client on the internet comes from, so a firewall rule for them allows nothing useful or far too much
 * (IANA IPv4 Special-Purpose Address Registry, RFC 6890). The documentation ranges (192.0.2.0/24, 198.51.100.0/24,
 * 203.0.113.0/24) stay accepted: examples use them.
 */
const nonPublicBlocks: ReadonlyArray<[string, string]> = [
  ["0.0.0.0/8", "is 'this network', never a source address"],
  ["10.0.0.0/8", "is private: a private address never reaches a public endpoint"],
  ["100.64.0.0/10", "is carrier-grade NAT (shared address space): it never reaches a public endpoint"],
  ["127.0.0.0/8", "is loopback"],
  ["169.254.0.0/16", "is link-local: it never leaves its network"],
  ["172.16.0.0/12", "is private: a private address never reaches a public endpoint"],
  ["192.168.0.0/16", "is private: a private address never reaches a public endpoint"],
  ["198.18.0.0/15", "is reserved for benchmarking"],
  ["224.0.0.0/4", "is multicast"],
  ["240.0.0.0/4", "is reserved (and broadcast)"],
];

/** [first, last] address of a CIDR range (or a bare address) as unsigned integers. */
function ipv4Span(range: string): [number, number] {
  const [address, prefix = "32"] = range.split("/");
  const base = address!.split(".").reduce((value, octet) => value * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(prefix));
  const first = base - (base % size);
  return [first, first + size - 1];
}

/** Why a range does not belong on a public firewall, or undefined when it does. */
export function publicRangeProblem(range: string): string | undefined {
  const prefix = Number(range.split("/")[1] ?? 32);
  if (prefix === 0) return "must not be a /0: it opens the firewall to everyone";
  if (prefix < 8) return "must be a /8 or narrower: a broader range opens the firewall to a large part of the internet";
  // Storage takes no /31 or /32 rule (the program writes a /32 as a bare address); a /31 has to be listed as its two addresses.
  if (prefix === 31) return "must not be a /31 (Azure Storage refuses it): list the two addresses instead";
  const [first, last] = ipv4Span(range);
  for (const [block, why] of nonPublicBlocks) {
    const [blockFirst, blockLast] = ipv4Span(block);
    if (first <= blockLast && blockFirst <= last) return `must be a public range: it overlaps ${block}, which ${why}`;
  }
  return undefined;
}

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
/**
 * What oauth2-proxy's --email-domain matches: `*` (anyone), a domain, or `.domain` / `*.domain` for its subdomains
 * (oauth2-proxy validator.go isEmailValidWithDomains, lower-cased in newValidatorImpl).
 */
export const emailDomain = z
  .string()
  .regex(
    /^(\*|(\*?\.)?([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63})$/,
    'must be a domain such as example.com, .example.com or *.example.com for its subdomains, or "*" for any',
  );

/**
 * Tags ARM accepts (learn.microsoft.com/azure/azure-resource-manager/management/tag-resources, "Limitations"): at most
 * 50 per resource, names without < > % & \ ? /, names up to 512 characters but 128 on storage accounts (this stack
 * tags its storage account too), values up to 256. The program adds its own four.
 */
export const maximumUserTags = 50 - 4;

/** The tags the program sets on every resource; the production policies read `environment`, so a stack file cannot set them. */
export const reservedTagNames = ["project", "stack", "environment", "managed-by"] as const;

export const userTags = z.record(z.string(), z.string("must be text")).superRefine((tags, ctx) => {
  const names = Object.keys(tags);
  if (names.length > maximumUserTags)
    ctx.addIssue({
      code: "custom",
      input: names.length,
      message: `must hold at most ${maximumUserTags} tags: ARM takes 50 per resource and the program sets 4`,
    });
  for (const [name, value] of Object.entries(tags)) {
    const issue = (message: string, input: unknown) => ctx.addIssue({ code: "custom", path: [name], input, message });
    if (!name) issue("must be a tag name of at least one character", name);
    // ARM compares tag names without case, so `Environment` would replace the program's `environment`.
    else if ((reservedTagNames as readonly string[]).includes(name.toLowerCase()))
      issue(
        `is set by the program (${reservedTagNames.join(", ")}, in any case): the production policies read environment from it, so a stack file cannot change them (use environment for the environment)`,
        value,
      );
    else if (/[<>%&\\?/]/.test(name)) issue("must be a tag name without <, >, %, &, \\, ? or / (ARM refuses them)", name);
    else if (name.length > 128)
      issue(`must be a tag name of at most 128 characters (storage accounts take no longer), not ${name.length}`, name);
    if (value.length > 256) issue(`must be a tag value of at most 256 characters, not ${value.length}`, value);
  }
});

/** The subset of Go durations oauth2-proxy reads for its cookie settings: hours, minutes, seconds, e.g. 1h or 30m. */
export const duration = z
  .string()
  .regex(/^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/, "must be a duration such as 1h, 30m or 1h30m")
  .refine((value) => durationSeconds(value) > 0, "must be longer than 0s");

/** A .NET TimeSpan as host.json writes one, "hh:mm:ss", from `min` to `max` seconds. */
export function timeSpanWithin(min: number, max: number) {
  const rule = `must be a time span "hh:mm:ss" from ${formatTimeSpan(min)} to ${formatTimeSpan(max)}`;
  return z
    .string(rule)
    .regex(/^\d{2}:[0-5]\d:[0-5]\d$/, rule)
    .refine((value) => timeSpanSeconds(value) >= min && timeSpanSeconds(value) <= max, rule);
}

export const timeSpanSeconds = (value: string) => value.split(":").reduce((total, part) => total * 60 + Number(part), 0);

const formatTimeSpan = (seconds: number) =>
  [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60].map((part) => String(part).padStart(2, "0")).join(":");

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
