import { providersFor, registerProviders } from "./azure";
import { confirmed } from "./confirm";
import { exit, type Deps } from "./deps";
import { checkPrerequisites } from "./prerequisites";
import { changesIn, Progress } from "./progress";
import { setupLocation } from "./setup";

/**
 * The one-time setup as its own explicit step: the bootstrap project (bootstrap/), never run behind the user's back by
 * `up`. It needs Owner on the subscription and an Entra role that creates applications, and it creates the CI identities.
 */
export async function bootstrap(deps: Deps, options: { name: string; yes: boolean }): Promise<number> {
  const progress = new Progress(deps.write, deps.now);
  progress.startPhase("Checking prerequisites");
  const report = await checkPrerequisites(deps.run, { build: false, aks: false, kubectl: false, gatewayApi: false });
  if (report.missing.length) {
    for (const item of report.missing) deps.write(`  - ${item.what}: ${item.fix}`);
    return exit.stopped;
  }
  deps.write(`  Azure: ${report.account!.subscriptionName} (${report.account!.subscriptionId}) as ${report.account!.user}`);
  deps.write("  The one-time setup needs Owner on this subscription and Application Administrator (or Cloud Application");
  deps.write("  Administrator) in Entra ID: it creates the state backend, the secrets provider, the Entra apps and the CI identities.");
  const location = setupLocation(deps.root, options.name);
  let target = await deps.automation.select(location);
  if (!target) {
    if (!location.env?.PULUMI_CONFIG_PASSPHRASE) {
      deps.write("The setup's own state is encrypted with a passphrase you keep: export PULUMI_CONFIG_PASSPHRASE='<passphrase>' first.");
      return exit.stopped;
    }
    target = await deps.automation.create({ ...location, secretsProvider: "passphrase" });
    deps.write(`  created the bootstrap stack ${options.name}`);
  }

  progress.startPhase("Previewing the one-time setup");
  const changes = changesIn(await target.preview(progress.onEvent));
  if (changes && !(await confirmed(deps, options.yes, `Create or change ${changes} resources of the one-time setup?`, "run the setup")))
    return exit.stopped;

  progress.startPhase("Registering resource providers (both hostings)");
  const namespaces = [...new Set([...providersFor({ hosting: "aks" }), ...providersFor({ hosting: "appService" })])];
  const problems = await registerProviders(deps.run, namespaces, deps.write);
  if (problems.length) {
    for (const problem of problems) deps.write(`  - ${problem}`);
    return exit.stopped;
  }

  progress.startPhase("Running the one-time setup", changes);
  const stop = deps.every(() => progress.tick());
  try {
    await target.up(progress.onEvent);
  } catch (error) {
    deps.write(`The setup stopped: ${(error as Error).message.split("\n").slice(-3).join(" ").trim()}`);
    return exit.stopped;
  } finally {
    stop();
  }
  deps.write("\nThe one-time setup is done. Its state (with the sign-in apps' client secrets) is still local: move it into");
  deps.write(`the container it created with \`bootstrap/scripts/move-state-to-backend.sh ${options.name}\` (docs/deploy.md, step 2),`);
  deps.write("then `npm run up -- <stack>`.");
  return exit.ok;
}
