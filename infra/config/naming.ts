import { createHash } from "node:crypto";

// Deterministic default names: the same project and stack always yield the same names, and globally unique Azure
// names carry a short hash of them so two stacks never collide. The Pulumi organization is deliberately left out:
// moving a stack to another backend or organization must not rename (replace) its storage account and its data.
// Every clone of this project would share those defaults, so a real deployment sets `nameSuffix`: the bootstrap derives
// one per subscription and stack (subscriptionNameSuffix) and prints it.

export interface NamingContext {
  project: string;
  stack: string;
  /** Overrides the derived hash suffix (config `nameSuffix`). */
  suffix?: string;
}

/** 6 lowercase letters or digits hashed from the parts. */
function hashSuffix(...parts: string[]): string {
  const digest = createHash("sha256").update(parts.join("/")).digest();
  return BigInt(`0x${digest.subarray(0, 8).toString("hex")}`)
    .toString(36)
    .padStart(6, "0")
    .slice(0, 6);
}

export function nameSuffix(ctx: NamingContext): string {
  return ctx.suffix || hashSuffix(ctx.project, ctx.stack);
}

/** The suffix a stack deployed into this subscription uses: stable for the stack, different for every subscription. */
export const subscriptionNameSuffix = (subscriptionId: string, project: string, stack: string) =>
  hashSuffix(subscriptionId.toLowerCase(), project, stack);

const alnum = (value: string) => value.toLowerCase().replace(/[^a-z0-9]/g, "");
const dashed = (value: string) =>
  value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
const trimDashes = (value: string) => value.replace(/^-+|-+$/g, "");

/** `prefix` + as much of `body` as fits + `suffix`, never longer than `max`. */
function fit(prefix: string, body: string, suffix: string, max: number, separator = ""): string {
  const room = max - prefix.length - suffix.length - (suffix ? separator.length : 0);
  const head = separator ? trimDashes(`${prefix}${body.slice(0, room)}`) : `${prefix}${body.slice(0, room)}`;
  return suffix ? `${head}${separator}${suffix}` : head;
}

export function defaultNames(ctx: NamingContext) {
  const suffix = nameSuffix(ctx);
  const base = dashed(`${ctx.project}-${ctx.stack}`);
  const compact = alnum(`${ctx.project}${ctx.stack}`);
  return {
    // Resource groups share the subscription's namespace: a name cut short gets the suffix so long stack names cannot collide.
    resourceGroup: `rg-${base}`.length <= 90 ? `rg-${base}` : fit("rg-", base, suffix, 90, "-"),
    storageAccount: fit("st", compact, suffix, 24),
    keyVault: fit("kv-", compact, suffix, 24, "-"),
    registry: fit("acr", compact, suffix, 50),
    appConfiguration: fit("appcs-", base, suffix, 50, "-"),
    aksCluster: fit("aks-", base, "", 60, "-"),
    aksDnsPrefix: fit("", base, "", 54, "-"),
    functionApp: fit("func-", base, suffix, 60, "-"),
  };
}

/** Task hub: letters and digits only, starting with a letter, unique per stack. */
export function defaultTaskHubName(ctx: NamingContext): string {
  const name = alnum(`${ctx.project}${ctx.stack}`).replace(/^[0-9]+/, "");
  const hub = name.length >= 3 ? name : `hub${name}`;
  return hub.length <= 45 ? hub : `${hub.slice(0, 39)}${nameSuffix(ctx)}`;
}

/** Host id: 1-32 lowercase letters, digits and single dashes, pinned per stack. */
export function defaultHostId(ctx: NamingContext): string {
  const id = dashed(`${ctx.project}-${ctx.stack}`).replace(/-{2,}/g, "-");
  return id.length <= 32 ? id : `${trimDashes(id.slice(0, 25))}-${nameSuffix(ctx)}`;
}

/** The staging slot's name: its default host is `<site>-staging.azurewebsites.net`. */
export const stagingSlotName = "staging";

/** The slot's own task hub: production's name with `staging` appended, cut to fit 45 characters. */
export const stagingTaskHubName = (taskHubName: string) => `${taskHubName.slice(0, 45 - stagingSlotName.length)}${stagingSlotName}`;

/** The slot's own host id: production's with `-staging` appended, cut to fit 32 characters. */
export const stagingHostId = (hostId: string) => `${trimDashes(hostId.slice(0, 32 - stagingSlotName.length - 1))}-${stagingSlotName}`;
