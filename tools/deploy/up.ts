import { ConfigError, type Settings } from "../../infra/config";
import { projectName } from "../render/stackConfig";
import type { StackLocation, StackOperations } from "./automation";
import { providersFor, registerProviders, softDeletedNames } from "./azure";
import { confirmed } from "./confirm";
import { estimateMonthlyCost, formatCost } from "./costs";
import { exit, type Deps } from "./deps";
import { checkPrerequisites, type Needs } from "./prerequisites";
import { changesIn, Progress } from "./progress";
import { findSetup, setupHostname, type SetupOutputs } from "./setup";
import { hasStackFile, quickPathStackFile, readStackConfigValues, readStackSettings, stackFile } from "./stackSettings";
import { summaryLines } from "./summary";

export interface UpOptions {
  stack: string;
  yes: boolean;
  hostname?: string;
  /** The bootstrap stack whose outputs the command reads. */
  setupName?: string;
}

const needsOf = (settings: Pick<Settings, "hosting" | "image" | "ingress">): Needs => ({
  build: settings.image.kind === "build",
  aks: settings.hosting === "aks",
  kubectl: settings.hosting === "aks",
  gatewayApi: settings.hosting === "aks" && settings.ingress.kind === "gatewayApi",
});

/** The stack's location on the setup's backend, by the project's fully qualified name (self-managed backends). */
export const mainStackLocation = (deps: Deps, stack: string, setup: SetupOutputs): StackLocation => ({
  workDir: deps.root,
  stackName: `organization/${projectName(deps.root)}/${stack}`,
  backendUrl: setup.stateBackendUrl,
  secretsProvider: setup.secretsProviders[stack],
});

function settingsOrExplain(deps: Deps, stack: string, overrides: Record<string, unknown>): Settings | undefined {
  try {
    return readStackSettings(stack, overrides, deps.root);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    deps.write(`Pulumi.${stack}.yaml is not valid yet:\n${error.message}`);
    if (error.issues.some((issue) => issue.key.endsWith(":hostname"))) deps.write(aksNeedsHostname);
    return undefined;
  }
}

const aksNeedsHostname = [
  "AKS serves the app at a host name you own, with its TLS certificate: run again with --hostname <name>,",
  "or take the quick path (hosting: appService) first. docs/deploy.md lists what AKS needs beyond it.",
].join("\n");

/**
 * Config the command can derive, as `pulumi config set` pairs: only what differs from the stack's config. The trust
 * level's sign-in application is `auth` on both hostings, and OAuth2 Proxy's on AKS (config requires them equal).
 */
function derivedConfig(stack: string, setup: SetupOutputs, settings: Settings, hostname: string | undefined, project: string) {
  const wanted: Array<[string, string]> = [[`${project}:nameSuffix`, setup.nameSuffixes[stack] ?? ""]];
  const clientId = setup.signInClientIds[stack];
  if (clientId) {
    wanted.push([`${project}:auth.clientId`, clientId], [`${project}:auth.tenantId`, setup.tenantId]);
    if (settings.hosting === "aks")
      wanted.push([`${project}:oauth2Proxy.clientId`, clientId], [`${project}:oauth2Proxy.tenantId`, setup.tenantId]);
  }
  if (hostname) wanted.push([`${project}:hostname`, hostname]);
  return wanted.filter(([, value]) => value !== "");
}

const placeholderId = "00000000-0000-0000-0000-000000000000";

/**
 * Before the setup's outputs are read, a stack file without `auth` (the quick path's) validates with a placeholder
 * application, which the derived config replaces: on AKS OAuth2 Proxy's, since config requires the two to be equal.
 */
function signInPlaceholder(stack: string, root: string): Record<string, unknown> {
  const config = readStackConfigValues(stack, root);
  if (config.auth !== undefined) return {};
  const proxy = config.oauth2Proxy as { clientId?: string; tenantId?: string } | undefined;
  return { auth: { clientId: proxy?.clientId ?? placeholderId, tenantId: proxy?.tenantId ?? placeholderId } };
}

/** `<project>:a.b` = value pairs as the nested overrides readStackSettings merges into the stack file. */
export function asOverrides(pairs: Array<[string, string]>, project: string): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  for (const [key, value] of pairs) {
    const [head, ...rest] = key.slice(project.length + 1).split(".");
    let node = overrides;
    for (const part of [head!, ...rest].slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[[head!, ...rest].at(-1)!] = value;
  }
  return overrides;
}

export async function up(deps: Deps, options: UpOptions): Promise<number> {
  const { stack } = options;
  const project = projectName(deps.root);
  const progress = new Progress(deps.write, deps.now);

  progress.startPhase("Checking prerequisites");
  if (!hasStackFile(stack, deps.root)) {
    deps.writeFile(stackFile(stack, deps.root), quickPathStackFile(stack));
    deps.write(`  created Pulumi.${stack}.yaml: the quick path (a dev stack on App Service with Entra sign-in)`);
  }
  const draft = settingsOrExplain(deps, stack, {
    ...(options.hostname ? { hostname: options.hostname } : {}),
    nameSuffix: "draft",
    ...signInPlaceholder(stack, deps.root),
  });
  if (!draft) return exit.stopped;
  const report = await checkPrerequisites(deps.run, needsOf(draft));
  if (report.missing.length) {
    deps.write("Missing before anything is created:");
    for (const item of report.missing) deps.write(`  - ${item.what}: ${item.fix}`);
    return exit.stopped;
  }
  deps.write(`  Azure: ${report.account!.subscriptionName} (${report.account!.subscriptionId}) as ${report.account!.user}`);

  progress.startPhase("Reading the one-time setup (bootstrap/)");
  const lookup = await findSetup(deps.automation, deps.root, options.setupName ?? "subscription");
  if (!lookup.found) {
    deps.write(`The one-time setup was not found: ${lookup.why}.`);
    deps.write("It creates the state backend, the secrets provider, the Entra sign-in app and the deploying identities, and");
    deps.write("needs Owner on the subscription and an Entra role that creates applications. Run it as its own step:");
    deps.write("  npm run up -- --bootstrap        (docs/deploy.md, step 1)");
    return exit.stopped;
  }
  const setup = lookup.outputs;
  if (!setup.secretsProviders[stack]) {
    deps.write(`The one-time setup knows no stack "${stack}": add stacks.${stack} to bootstrap/Pulumi.subscription.yaml, then`);
    deps.write("  npm run up -- --bootstrap");
    return exit.stopped;
  }

  progress.startPhase(`Preparing the stack ${stack}`);
  const location = mainStackLocation(deps, stack, setup);
  let target: StackOperations | undefined = await deps.automation.select(location);
  if (!target) {
    target = await deps.automation.create(location);
    deps.write(`  created the stack ${location.stackName} on ${setup.stateBackendUrl}`);
  } else deps.write(`  selected the stack ${location.stackName}`);
  const current = await target.getConfig();
  const derived = derivedConfig(stack, setup, draft, options.hostname, project);
  for (const [key, value] of derived) {
    if (current[key] === value) continue;
    await target.setConfig(key, value, { path: key.includes(".") });
    deps.write(`  set ${key} = ${value}`);
  }
  const clientSecret = setup.clientSecrets[stack];
  const secretKey = `${project}:oauth2ProxyClientSecret`;
  if (draft.hosting === "aks" && clientSecret && current[secretKey] !== clientSecret) {
    await target.setConfig(secretKey, clientSecret, { secret: true });
    deps.write(`  set ${secretKey} (a secret, from the setup's oauth2ProxyClientSecrets)`);
  }
  // What `pulumi config set` just wrote into the stack file, applied here too: the settings below are the deployed ones.
  const settings = settingsOrExplain(deps, stack, asOverrides(derived, project));
  if (!settings) return exit.stopped;
  const taken = await softDeletedNames(deps.run, settings.names);
  if (taken.length) {
    for (const item of taken) deps.write(`The ${item.kind} name ${item.name} is held by a soft-deleted ${item.kind} (retention period).`);
    deps.write(`Purge them with \`npm run down -- ${stack}\`, or by hand: ${taken.map((item) => `az ${item.purge.join(" ")}`).join("; ")}`);
    return exit.stopped;
  }

  progress.startPhase("Previewing");
  const plan = await target.preview(progress.onEvent);
  const changes = changesIn(plan);
  deps.write(
    `  ${Object.entries(plan)
      .map(([op, count]) => `${op} ${count}`)
      .join(", ")}`,
  );
  for (const line of formatCost(estimateMonthlyCost(settings))) deps.write(line);
  if (changes === 0) {
    deps.write("Nothing to change.");
    for (const line of summaryLines(settings, await target.outputs())) deps.write(line);
    return exit.ok;
  }
  if (!(await confirmed(deps, options.yes, `Deploy ${changes} changes to ${stack}?`, "deploy"))) return exit.stopped;

  progress.startPhase("Registering resource providers");
  const unregistered = await registerProviders(deps.run, providersFor(settings), deps.write);
  if (unregistered.length) {
    for (const problem of unregistered) deps.write(`  - ${problem}`);
    return exit.stopped;
  }

  progress.startPhase(`Deploying ${stack}`, changes);
  const stop = deps.every(() => progress.tick());
  let outputs: Record<string, unknown>;
  try {
    outputs = await target.up(progress.onEvent);
  } catch (error) {
    deps.write(`The deployment stopped: ${(error as Error).message.split("\n").slice(-3).join(" ").trim()}`);
    deps.write(`Pulumi's state records what was created; run \`npm run up -- ${stack}\` again once the cause is fixed.`);
    return exit.stopped;
  } finally {
    stop();
  }
  for (const line of summaryLines(settings, outputs, progress.summary?.durationSeconds)) deps.write(line);
  for (const line of redirectNote(deps.root, options.setupName ?? "subscription", stack, outputs)) deps.write(line);
  return exit.ok;
}

/**
 * The sign-in application accepts browser sign-ins only back at the host names the setup registered
 * (bootstrap/signInApp.ts redirectUris); the quick path's host is known only once the site exists.
 */
export function redirectNote(root: string, setupName: string, stack: string, outputs: Record<string, unknown>): string[] {
  if (typeof outputs.url !== "string") return [];
  const host = new URL(outputs.url).host;
  if (setupHostname(root, setupName, stack) === host) return [];
  return [
    `  Browser sign-in needs ${host} registered with the sign-in app (tokens for programs, as above, work already):`,
    `    set stacks.${stack}.hostname: ${host} in bootstrap/Pulumi.${setupName}.yaml, then run \`npm run up -- --bootstrap\``,
  ];
}
