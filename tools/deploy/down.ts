import { ConfigError, type Settings } from "../../infra/config";
import { softDeletedNames } from "./azure";
import { confirmed } from "./confirm";
import { exit, type Deps } from "./deps";
import { checkPrerequisites } from "./prerequisites";
import { changesIn, Progress } from "./progress";
import { findSetup } from "./setup";
import { hasStackFile, readStackSettings } from "./stackSettings";
import { mainStackLocation } from "./up";

export interface DownOptions {
  stack: string;
  yes: boolean;
  keepNames: boolean;
  production: boolean;
  setupName?: string;
}

/** What stands between a production stack and `destroy`, and how to lift it (infra/lib/protection.ts puts both there). */
function productionRefusal(stack: string, settings: Settings): string[] {
  return [
    `${stack} is a production stack: nothing was destroyed. Two guards stand in the way, on purpose:`,
    `  - Azure locks (CanNotDelete) on the resources that hold data, in ${settings.names.resourceGroup}:`,
    `      az lock list --resource-group ${settings.names.resourceGroup} --output table`,
    "  - `protect` in Pulumi's state on the stateful resources: the engine refuses to delete them.",
    `Key Vault ${settings.names.keyVault} has purge protection: its name stays reserved for ${settings.keyVault.softDeleteRetentionDays} days after deletion.`,
    `If you mean it, run \`npm run down -- ${stack} --production\`: it deletes those locks, unprotects the stack and destroys it.`,
  ];
}

async function deleteLocks(deps: Deps, resourceGroup: string): Promise<boolean> {
  const listed = await deps.run("az", ["lock", "list", "--resource-group", resourceGroup, "--query", "[].id", "--output", "tsv"]);
  if (listed.code !== 0) {
    deps.write(`  could not list the locks of ${resourceGroup}: ${listed.stderr.trim()}`);
    return false;
  }
  for (const id of listed.stdout
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)) {
    const deleted = await deps.run("az", ["lock", "delete", "--ids", id]);
    if (deleted.code !== 0) {
      deps.write(`  could not delete the lock ${id}: ${deleted.stderr.trim()} (needs Owner or User Access Administrator)`);
      return false;
    }
    deps.write(`  deleted the lock ${id}`);
  }
  return true;
}

export async function down(deps: Deps, options: DownOptions): Promise<number> {
  const { stack } = options;
  const progress = new Progress(deps.write, deps.now);
  if (!hasStackFile(stack, deps.root)) {
    deps.write(`There is no Pulumi.${stack}.yaml: nothing of that name was deployed from this repository.`);
    return exit.stopped;
  }
  let settings: Settings;
  const lookup = await findSetup(deps.automation, deps.root, options.setupName ?? "subscription");
  // The name suffix `up` set from the setup: the names to purge are the deployed ones.
  const suffix = lookup.found ? lookup.outputs.nameSuffixes[stack] : undefined;
  try {
    settings = readStackSettings(stack, suffix ? { nameSuffix: suffix } : {}, deps.root);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    deps.write(`Pulumi.${stack}.yaml is not valid:\n${error.message}`);
    return exit.stopped;
  }
  const production = settings.environment === "prod";
  if (production && !options.production) {
    for (const line of productionRefusal(stack, settings)) deps.write(line);
    return exit.stopped;
  }

  progress.startPhase("Checking prerequisites");
  const report = await checkPrerequisites(deps.run, {
    build: false,
    aks: settings.hosting === "aks",
    kubectl: false,
    // Destroying the Gateway enablement runs `az aks update --disable-…` (infra/platform/aks/gatewayApi.ts).
    gatewayApi: settings.hosting === "aks" && settings.ingress.kind === "gatewayApi",
  });
  if (report.missing.length) {
    for (const item of report.missing) deps.write(`  - ${item.what}: ${item.fix}`);
    return exit.stopped;
  }
  if (!lookup.found) {
    deps.write(`The one-time setup was not found (${lookup.why}): its backend holds the stack's state.`);
    return exit.stopped;
  }
  const target = await deps.automation.select(mainStackLocation(deps, stack, lookup.outputs));
  if (!target) {
    deps.write(`The backend has no stack ${stack}: nothing to destroy.`);
  } else {
    progress.startPhase("Previewing the destroy");
    const plan = await target.previewDestroy(progress.onEvent);
    const changes = changesIn(plan);
    deps.write(`  ${changes} resources to delete`);
    if (!(await confirmed(deps, options.yes, `Destroy ${changes} resources of ${stack}?`, "destroy"))) return exit.stopped;
    if (production) {
      progress.startPhase("Lifting the production guards");
      if (!(await deleteLocks(deps, settings.names.resourceGroup))) return exit.stopped;
      await target.unprotectAll();
      deps.write("  unprotected every resource of the stack");
    }
    progress.startPhase(`Destroying ${stack}`, changes);
    const stop = deps.every(() => progress.tick());
    try {
      await target.destroy(progress.onEvent);
    } catch (error) {
      deps.write(`The destroy stopped: ${(error as Error).message.split("\n").slice(-3).join(" ").trim()}`);
      return exit.stopped;
    } finally {
      stop();
    }
  }

  if (options.keepNames) {
    deps.write(`Kept the soft-deleted Key Vault and App Configuration store: recoverable, their names reserved.`);
    return exit.ok;
  }
  progress.startPhase("Purging soft-deleted names");
  for (const item of await softDeletedNames(deps.run, settings.names)) {
    const purged = await deps.run("az", item.purge);
    deps.write(
      purged.code === 0
        ? `  purged the ${item.kind} ${item.name}: the name is free for the next up`
        : `  could not purge the ${item.kind} ${item.name} (${purged.stderr.trim() || "purge protection?"}): the name stays reserved for its retention period`,
    );
  }
  return exit.ok;
}
