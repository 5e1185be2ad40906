// The one-time setup's outputs (bootstrap/): the backend, secrets provider, name suffix and sign-in app of each stack.
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { Automation, StackLocation } from "./automation";

export interface SetupOutputs {
  stateBackendUrl: string;
  tenantId: string;
  secretsProviders: Record<string, string>;
  nameSuffixes: Record<string, string>;
  /** The client id of the Entra application each stack signs people in with. */
  signInClientIds: Record<string, string>;
  /** OAuth2 Proxy's client secret of each stack that has a hostname (AKS needs it; App Service signs in without). */
  clientSecrets: Record<string, string>;
}

/** The bootstrap stack the command reads: bootstrap/Pulumi.<name>.yaml on the bootstrap's own backend. */
export const setupLocation = (root: string, name: string): StackLocation => ({
  workDir: path.join(root, "bootstrap"),
  stackName: name,
  env: process.env.PULUMI_CONFIG_PASSPHRASE === undefined ? {} : { PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE },
});

const record = (value: unknown): Record<string, string> =>
  typeof value === "object" && value !== null ? Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "string")) : {};

/** The outputs as the command needs them. */
export function readSetupOutputs(outputs: Record<string, unknown>): SetupOutputs | undefined {
  const stateBackendUrl = outputs.stateBackendUrl;
  const tenantId = outputs.tenantId;
  if (typeof stateBackendUrl !== "string" || typeof tenantId !== "string") return undefined;
  const secretsProviders = record(outputs.secretsProviders);
  const signInClientIds = record(outputs.signInClientIds);
  const clientSecrets = record(outputs.oauth2ProxyClientSecrets);
  return { stateBackendUrl, tenantId, secretsProviders, nameSuffixes: record(outputs.nameSuffixes), signInClientIds, clientSecrets };
}

export type SetupLookup = { found: true; outputs: SetupOutputs } | { found: false; why: string };

export async function findSetup(automation: Automation, root: string, name: string): Promise<SetupLookup> {
  const location = setupLocation(root, name);
  let stack;
  try {
    stack = await automation.select(location);
  } catch (error) {
    return { found: false, why: `its state could not be read: ${(error as Error).message.split("\n")[0]}` };
  }
  if (!stack) return { found: false, why: `bootstrap/ has no stack "${name}" on its backend (bootstrap/Pulumi.yaml)` };
  const outputs = readSetupOutputs(await stack.outputs());
  if (!outputs) return { found: false, why: `the stack "${name}" of bootstrap/ has no outputs yet (its first \`up\` did not finish)` };
  return { found: true, outputs };
}

/**
 * The host name the setup registered as the stack's sign-in redirect (`stacks.<stack>.hostname` in
 * bootstrap/Pulumi.<name>.yaml): browsers can sign in only at that host.
 */
export function setupHostname(root: string, name: string, stack: string): string | undefined {
  const file = path.join(root, "bootstrap", `Pulumi.${name}.yaml`);
  if (!existsSync(file)) return undefined;
  const config = ((parse(readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> }).config ?? {};
  const stacks = Object.entries(config).find(([key]) => key.endsWith(":stacks"))?.[1] as Record<string, { hostname?: unknown }> | undefined;
  const hostname = stacks?.[stack]?.hostname;
  return typeof hostname === "string" ? hostname : undefined;
}
