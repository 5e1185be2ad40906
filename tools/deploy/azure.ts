// What the deploy command asks of the Azure CLI besides the prerequisites: resource providers and soft-deleted names.
import type { Settings } from "../../infra/config";
import type { Runner } from "./shell";

/** The resource providers a stack's resources belong to (a fresh subscription has few registered). */
export function providersFor(settings: Pick<Settings, "hosting">): string[] {
  const common = [
    "Microsoft.Storage",
    "Microsoft.KeyVault",
    "Microsoft.AppConfiguration",
    "Microsoft.ContainerRegistry",
    "Microsoft.ManagedIdentity",
    "Microsoft.OperationalInsights",
    "Microsoft.Insights",
    "Microsoft.AlertsManagement",
  ];
  const hosting = settings.hosting === "aks" ? ["Microsoft.ContainerService", "Microsoft.Compute", "Microsoft.Network"] : ["Microsoft.Web"];
  return [...common, ...hosting];
}

/** Registers what is not registered yet; returns a problem per provider it could not register, with what to run. */
export async function registerProviders(run: Runner, namespaces: string[], log: (line: string) => void): Promise<string[]> {
  const problems: string[] = [];
  for (const namespace of namespaces) {
    const state = await run("az", ["provider", "show", "--namespace", namespace, "--query", "registrationState", "--output", "tsv"]);
    if (state.code === 0 && state.stdout.trim() === "Registered") continue;
    log(`  registering ${namespace} (once per subscription; a minute or two)`);
    const result = await run("az", ["provider", "register", "--namespace", namespace, "--wait"]);
    if (result.code !== 0)
      problems.push(
        `${namespace} is not registered and this sign-in cannot register it: ask an Owner of the subscription to run \`az provider register --namespace ${namespace}\``,
      );
  }
  return problems;
}

export interface SoftDeleted {
  kind: "Key Vault" | "App Configuration store";
  name: string;
  purge: string[];
}

/**
 * Key Vault and App Configuration keep a deleted store's name for its retention period
 * (learn.microsoft.com/azure/key-vault/general/soft-delete-overview, azure-app-configuration/concept-soft-delete).
 */
export async function softDeletedNames(
  run: Runner,
  names: Pick<Settings["names"], "keyVault" | "appConfiguration">,
): Promise<SoftDeleted[]> {
  const found: SoftDeleted[] = [];
  if ((await run("az", ["keyvault", "show-deleted", "--name", names.keyVault, "--output", "json"])).code === 0)
    found.push({ kind: "Key Vault", name: names.keyVault, purge: ["keyvault", "purge", "--name", names.keyVault] });
  if ((await run("az", ["appconfig", "show-deleted", "--name", names.appConfiguration, "--output", "json"])).code === 0)
    found.push({
      kind: "App Configuration store",
      name: names.appConfiguration,
      purge: ["appconfig", "purge", "--name", names.appConfiguration, "--yes"],
    });
  return found;
}
