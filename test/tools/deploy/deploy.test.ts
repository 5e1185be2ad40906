import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../../tools/deploy/cli";
import { Progress } from "../../../tools/deploy/progress";
import { downUsage, upUsage } from "../../../tools/deploy/usage";
import { redirectNote } from "../../../tools/deploy/up";
import { failed, fakeAutomation, fakeDeps, fakeRunner, healthyMachine, notInstalled, ok, setupOutputs, urnOf } from "./fakes";

const setupStack = { subscription: { outputs: setupOutputs } };
const devName = "organization/durable-aks/dev";

describe("arguments", () => {
  it.each([
    ["up", ["--help"], upUsage],
    ["down", ["--help"], downUsage],
  ])("%s --help prints the usage and exits 0", async (verb, argv, usage) => {
    const { deps, lines } = fakeDeps({ ...fakeRunner({}), automation: fakeAutomation().automation });
    expect(await main(verb, argv, deps)).toBe(0);
    expect(lines.join("\n")).toBe(usage);
  });

  it.each([
    ["up", [], "name the stack"],
    ["up", ["dev", "prod"], "one stack at a time"],
    ["up", ["dev", "--force"], "Unknown option '--force'"],
    ["up", ["bad/name"], "is not a stack name"],
    ["up", ["dev", "--hostname", "Not A Host"], "is not a DNS name"],
    ["up", ["--bootstrap", "--hostname", "a.example.com"], "--hostname belongs to a stack"],
    ["down", [], "name the stack"],
    ["sideways", ["dev"], 'unknown command "sideways"'],
  ])("%s %j exits 2 with the reason and the usage, touching nothing", async (verb, argv, reason) => {
    const runner = fakeRunner(healthyMachine);
    const fake = fakeAutomation(setupStack);
    const { deps, lines } = fakeDeps({ ...runner, automation: fake.automation });
    expect(await main(verb, argv, deps)).toBe(2);
    expect(lines[0]).toContain(reason);
    expect(lines.join("\n")).toContain("Usage: npm run");
    expect(runner.calls).toEqual([]);
    expect(fake.created).toEqual([]);
  });
});

describe("prerequisites", () => {
  it("names each missing one with what to run, before anything is created", async () => {
    const runner = fakeRunner({
      "az account show": failed("Please run 'az login'"),
      "az version": ok("{}"),
      "pulumi version": ok("v3.200.1"),
    });
    const fake = fakeAutomation(setupStack);
    const { deps, lines } = fakeDeps({ ...runner, automation: fake.automation });
    expect(await main("up", ["dev"], deps)).toBe(1);
    const text = lines.join("\n");
    expect(text).toContain("an Azure CLI sign-in: run `az login`");
    expect(text).toContain("the Pulumi CLI 3.270.0 or later (found 3.200.1): run `pulumi self-update`");
    expect(text).toContain("Docker with a buildx builder (this stack builds the image)");
    expect(text).toContain("kubelogin (the AKS cluster takes Entra ID tokens only): run `az aks install-cli`");
    expect(fake.existing.size).toBe(0);
    expect(runner.calls.some((call) => call.startsWith("az provider"))).toBe(false);
  });

  it("asks for neither Docker nor kubelogin where the stack does not need them", async () => {
    const runner = fakeRunner({ ...healthyMachine, "docker buildx inspect": notInstalled, "kubelogin --version": notInstalled });
    const { deps, lines } = fakeDeps({ ...runner, automation: fakeAutomation().automation });
    await main("up", ["quick"], deps);
    expect(lines.join("\n")).toContain("Docker with a buildx builder");
    expect(lines.join("\n")).not.toContain("kubelogin");
    expect(lines.join("\n")).not.toContain("kubectl");
  });

  it("an AKS stack needs kubectl 1.31 or later, and with the Gateway API the Azure CLI 2.86.0 or later", async () => {
    const runner = fakeRunner({
      ...healthyMachine,
      "kubectl version": ok(JSON.stringify({ clientVersion: { major: "1", minor: "30" } })),
      "az version": ok(JSON.stringify({ "azure-cli": "2.85.1" })),
    });
    const fake = fakeAutomation();
    const { deps, lines } = fakeDeps({ ...runner, automation: fake.automation });
    expect(await main("up", ["dev"], deps)).toBe(1);
    const text = lines.join("\n");
    expect(text).toContain("kubectl 1.31 or later (found 1.30)");
    expect(text).toContain("the Azure CLI 2.86.0 or later (found 2.85.1)");
    expect(fake.created).toEqual([]);
    const missingKubectl = fakeRunner({ ...healthyMachine, "kubectl version": notInstalled });
    const second = fakeDeps({ ...missingKubectl, automation: fakeAutomation().automation });
    expect(await main("up", ["dev"], second.deps)).toBe(1);
    expect(second.lines.join("\n")).toContain("kubectl 1.31 or later: `up` waits for the add-ons' CRDs");
  });

  it("tells how to install the Azure CLI and Pulumi when they are absent", async () => {
    const runner = fakeRunner({ "az account show": notInstalled, "az version": notInstalled, "pulumi version": notInstalled });
    const { deps, lines } = fakeDeps({ ...runner, automation: fakeAutomation().automation });
    expect(await main("up", ["dev"], deps)).toBe(1);
    expect(lines.join("\n")).toContain(
      "the Azure CLI: install it (https://learn.microsoft.com/cli/azure/install-azure-cli), then run `az login`",
    );
    expect(lines.join("\n")).toContain("curl -fsSL https://get.pulumi.com | sh -s -- --version 3.270.0");
  });
});

describe("up", () => {
  it("without the one-time setup, says so and offers it as its own step, creating nothing", async () => {
    const fake = fakeAutomation();
    const { deps, lines } = fakeDeps({ ...fakeRunner(healthyMachine), automation: fake.automation });
    expect(await main("up", ["dev"], deps)).toBe(1);
    expect(lines.join("\n")).toContain('bootstrap/ has no stack "subscription"');
    expect(lines.join("\n")).toContain("npm run up -- --bootstrap");
    expect(fake.created).toEqual([]);
  });

  it("first run: creates the stack on the setup's backend with its secrets provider, derives config, previews with the cost, registers providers, deploys", async () => {
    const runner = fakeRunner({
      ...healthyMachine,
      "az provider show --namespace Microsoft.ContainerService": ok("NotRegistered"),
      "az provider register": ok(),
    });
    const fake = fakeAutomation({ ...setupStack, [`new:${devName}`]: { outputs: { url: "https://durable-dev.example.com" } } });
    const { deps, lines } = fakeDeps({ ...runner, automation: fake.automation });
    expect(await main("up", ["dev", "--yes"], deps)).toBe(0);
    const [stack] = fake.created;
    expect(stack!.location).toMatchObject({
      stackName: devName,
      backendUrl: setupOutputs.stateBackendUrl,
      secretsProvider: setupOutputs.secretsProviders.dev,
    });
    expect(stack!.calls).toEqual([
      "setConfig durable-aks:nameSuffix=x1y2",
      `setConfig durable-aks:auth.clientId=${setupOutputs.signInClientIds.dev}`,
      "setConfig durable-aks:auth.tenantId=22222222-2222-2222-2222-222222222222",
      `setConfig durable-aks:oauth2Proxy.clientId=${setupOutputs.signInClientIds.dev}`,
      "setConfig durable-aks:oauth2Proxy.tenantId=22222222-2222-2222-2222-222222222222",
      "setConfig durable-aks:oauth2ProxyClientSecret=dev-client-secret (secret)",
      "preview",
      "up",
    ]);
    expect(lines.join("\n")).not.toContain("dev-client-secret");
    expect(runner.calls.filter((call) => call.startsWith("az provider register"))).toEqual([
      "az provider register --namespace Microsoft.ContainerService --wait",
    ]);
    const text = lines.join("\n");
    expect(text).toContain("What it costs a month (estimate):");
    expect(text).toMatch(/AKS system pool: 1 × Standard_D2s_v5 \(\+ OS disk\) +\$98/);
    expect(text).toContain("basis: USD a month (730 h), pay-as-you-go list prices");
    expect(text).toContain("URL:     https://durable-dev.example.com");
    expect(text).toContain(`az account get-access-token --scope api://${setupOutputs.signInClientIds.dev}/.default`);
  });

  it("re-run: selects the same stack, sets nothing again, and stops at 'nothing to change'", async () => {
    const derived = {
      "durable-aks:nameSuffix": "x1y2",
      "durable-aks:auth.clientId": setupOutputs.signInClientIds.dev,
      "durable-aks:auth.tenantId": "22222222-2222-2222-2222-222222222222",
      "durable-aks:oauth2Proxy.clientId": setupOutputs.signInClientIds.dev,
      "durable-aks:oauth2Proxy.tenantId": "22222222-2222-2222-2222-222222222222",
      "durable-aks:oauth2ProxyClientSecret": "dev-client-secret",
    };
    const fake = fakeAutomation({
      ...setupStack,
      [devName]: { config: derived, plan: { same: 40 }, outputs: { url: "https://durable-dev.example.com" } },
    });
    const { deps, lines } = fakeDeps({ ...fakeRunner(healthyMachine), automation: fake.automation });
    expect(await main("up", ["dev"], deps)).toBe(0);
    expect(fake.created).toEqual([]);
    expect(fake.existing.get(devName)!.calls).toEqual(["preview"]);
    expect(lines.join("\n")).toContain("Nothing to change.");
  });

  it("does not deploy without --yes when no terminal can ask", async () => {
    const fake = fakeAutomation(setupStack);
    const { deps, lines } = fakeDeps({ ...fakeRunner(healthyMachine), automation: fake.automation, ask: undefined });
    expect(await main("up", ["dev"], deps)).toBe(1);
    expect(lines.join("\n")).toContain("add --yes to deploy");
    expect(fake.created[0]!.calls).not.toContain("up");
  });

  it("stops on a soft-deleted name with the purge to run", async () => {
    const runner = fakeRunner({ ...healthyMachine, "az keyvault show-deleted": ok("{}") });
    const fake = fakeAutomation(setupStack);
    const { deps, lines } = fakeDeps({ ...runner, automation: fake.automation });
    expect(await main("up", ["dev", "--yes"], deps)).toBe(1);
    expect(lines.join("\n")).toMatch(/az keyvault purge --name kv-durableaksdev-x1y2/);
    expect(fake.created[0]!.calls).not.toContain("preview");
  });

  it("a new stack starts as the quick path: App Service, its stack file written, no hostname asked", async () => {
    const fake = fakeAutomation(setupStack);
    const { deps, lines } = fakeDeps({ ...fakeRunner(healthyMachine), automation: fake.automation });
    expect(await main("up", ["demo", "--yes"], deps)).toBe(0);
    const file = path.join(deps.root, "Pulumi.demo.yaml");
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, "utf8")).toContain("durable-aks:hosting: appService");
    expect(lines.join("\n")).toContain("created Pulumi.demo.yaml: the quick path");
    expect(fake.created[0]!.calls).toEqual([
      "setConfig durable-aks:nameSuffix=d3m0",
      `setConfig durable-aks:auth.clientId=${setupOutputs.signInClientIds.demo}`,
      "setConfig durable-aks:auth.tenantId=22222222-2222-2222-2222-222222222222",
      "preview",
      "up",
    ]);
  });

  it("names the setup step that lets browsers sign in at a host the setup does not know yet", async () => {
    const site = "https://func-durable-aks-demo-d3m0.azurewebsites.net";
    const fake = fakeAutomation({ ...setupStack, [`new:organization/durable-aks/demo`]: { outputs: { url: site } } });
    const { deps, lines } = fakeDeps({ ...fakeRunner(healthyMachine), automation: fake.automation });
    expect(await main("up", ["demo", "--yes"], deps)).toBe(0);
    const text = lines.join("\n");
    expect(text).toContain("Browser sign-in needs func-durable-aks-demo-d3m0.azurewebsites.net registered with the sign-in app");
    expect(text).toContain("set stacks.demo.hostname: func-durable-aks-demo-d3m0.azurewebsites.net in bootstrap/Pulumi.subscription.yaml");
    // dev's host is the setup's stacks.dev.hostname already: nothing to add.
    expect(redirectNote(deps.root, "subscription", "dev", { url: "https://durable-dev.example.com" })).toEqual([]);
  });

  it("an AKS stack without a host name says what AKS needs instead of failing in Azure", async () => {
    const fake = fakeAutomation(setupStack);
    const { deps, lines } = fakeDeps({ ...fakeRunner(healthyMachine), automation: fake.automation });
    deps.writeFile(
      path.join(deps.root, "Pulumi.dev.yaml"),
      readFileSync(path.join(deps.root, "Pulumi.dev.yaml"), "utf8").replace(/^.*hostname:.*$/m, ""),
    );
    expect(await main("up", ["dev", "--yes"], deps)).toBe(1);
    expect(lines.join("\n")).toContain("--hostname");
  });

  it("a stack the setup does not know is refused with the step that adds it", async () => {
    const fake = fakeAutomation({ subscription: { outputs: { ...setupOutputs, secretsProviders: {} } } });
    const { deps, lines } = fakeDeps({ ...fakeRunner(healthyMachine), automation: fake.automation });
    expect(await main("up", ["dev", "--yes"], deps)).toBe(1);
    expect(lines.join("\n")).toContain("add stacks.dev to bootstrap/Pulumi.subscription.yaml");
  });

  it("a failed deployment says the state is kept and how to resume", async () => {
    const fake = fakeAutomation({
      ...setupStack,
      [`new:${devName}`]: { failUp: "error: 1 error occurred:\n* creating ManagedCluster: QuotaExceeded" },
    });
    const { deps, lines } = fakeDeps({ ...fakeRunner(healthyMachine), automation: fake.automation });
    expect(await main("up", ["dev", "--yes"], deps)).toBe(1);
    expect(lines.join("\n")).toContain("QuotaExceeded");
    expect(lines.join("\n")).toContain("run `npm run up -- dev` again");
  });
});

describe("down", () => {
  it("refuses a production stack without --production and explains locks and protect", async () => {
    const runner = fakeRunner(healthyMachine);
    const fake = fakeAutomation(setupStack);
    const { deps, lines } = fakeDeps({ ...runner, automation: fake.automation });
    expect(await main("down", ["prod"], deps)).toBe(1);
    const text = lines.join("\n");
    expect(text).toContain("prod is a production stack: nothing was destroyed");
    expect(text).toContain("az lock list --resource-group rg-durable-aks-prod");
    expect(text).toContain("`protect`");
    expect(runner.calls).toEqual([]);
  });

  it("destroys a dev stack, then purges the soft-deleted vault and store so a new up can take the names", async () => {
    const runner = fakeRunner({
      ...healthyMachine,
      "az keyvault show-deleted": ok("{}"),
      "az appconfig show-deleted": ok("{}"),
      "az keyvault purge": ok(),
      "az appconfig purge": ok(),
    });
    const fake = fakeAutomation({ ...setupStack, [devName]: {} });
    const { deps, lines } = fakeDeps({ ...runner, automation: fake.automation });
    expect(await main("down", ["dev", "--yes"], deps)).toBe(0);
    expect(fake.existing.get(devName)!.calls).toEqual(["previewDestroy", "destroy"]);
    expect(runner.calls.filter((call) => call.includes(" purge "))).toEqual([
      "az keyvault purge --name kv-durableaksdev-x1y2",
      "az appconfig purge --name appcs-durable-aks-dev-x1y2 --yes",
    ]);
    expect(lines.join("\n")).toContain("the name is free for the next up");
  });

  it("--keep-names leaves the soft-deleted stores recoverable", async () => {
    const runner = fakeRunner({ ...healthyMachine, "az keyvault show-deleted": ok("{}") });
    const fake = fakeAutomation({ ...setupStack, [devName]: {} });
    const { deps } = fakeDeps({ ...runner, automation: fake.automation });
    expect(await main("down", ["dev", "--yes", "--keep-names"], deps)).toBe(0);
    expect(runner.calls.some((call) => call.includes(" purge "))).toBe(false);
  });

  it("--production lifts the locks and protect, then destroys", async () => {
    const runner = fakeRunner({
      ...healthyMachine,
      "az lock list": ok("/subscriptions/s/locks/stateful-do-not-delete\n"),
      "az lock delete": ok(),
    });
    const fake = fakeAutomation({ ...setupStack, "organization/durable-aks/prod": {} });
    const { deps } = fakeDeps({ ...runner, automation: fake.automation });
    expect(await main("down", ["prod", "--production", "--yes"], deps)).toBe(0);
    expect(runner.calls).toContain("az lock delete --ids /subscriptions/s/locks/stateful-do-not-delete");
    expect(fake.existing.get("organization/durable-aks/prod")!.calls).toEqual(["previewDestroy", "unprotectAll", "destroy"]);
  });
});

describe("progress", () => {
  it("prints each finished resource with done/total and time, and names the slow one waited on", () => {
    const lines: string[] = [];
    let now = 0;
    const progress = new Progress(
      (line) => lines.push(line),
      () => now,
    );
    progress.startPhase("Deploying dev", 3);
    const cluster = urnOf("azure-native:containerservice:ManagedCluster", "aks-cluster");
    const group = urnOf("azure-native:storage:StorageAccount", "storage-account");
    progress.onEvent({ sequence: 1, timestamp: 0, resourcePreEvent: { metadata: { op: "create", urn: group, type: "t", provider: "p" } } });
    progress.onEvent({
      sequence: 2,
      timestamp: 0,
      resourcePreEvent: { metadata: { op: "create", urn: cluster, type: "t", provider: "p" } },
    });
    now = 12_000;
    progress.onEvent({ sequence: 3, timestamp: 12, resOutputsEvent: { metadata: { op: "create", urn: group, type: "t", provider: "p" } } });
    now = 250_000;
    progress.tick();
    progress.onEvent({
      sequence: 4,
      timestamp: 250,
      diagnosticEvent: { message: "quota low\n", color: "never", severity: "warning", urn: cluster },
    });
    expect(lines).toEqual([
      "\n== Deploying dev: 3 resources to change",
      "  [1/3] created azure-native:storage:StorageAccount storage-account in 12s",
      "  … Deploying dev: [1/3] waiting on azure-native:containerservice:ManagedCluster aks-cluster for 4m 10s",
      "  warning: azure-native:containerservice:ManagedCluster aks-cluster: quota low",
    ]);
  });

  it("stays quiet while nothing is slow, and ignores resources that do not change", () => {
    const lines: string[] = [];
    let now = 0;
    const progress = new Progress(
      (line) => lines.push(line),
      () => now,
    );
    progress.startPhase("Deploying", 1);
    const urn = urnOf("azure-native:storage:StorageAccount", "a");
    progress.onEvent({ sequence: 1, timestamp: 0, resourcePreEvent: { metadata: { op: "same", urn, type: "t", provider: "p" } } });
    progress.onEvent({
      sequence: 2,
      timestamp: 0,
      resourcePreEvent: { metadata: { op: "update", urn: `${urn}2`, type: "t", provider: "p" } },
    });
    now = 5_000;
    progress.tick();
    progress.onEvent({ sequence: 3, timestamp: 0, resOutputsEvent: { metadata: { op: "same", urn, type: "t", provider: "p" } } });
    expect(lines).toEqual(["\n== Deploying: 1 resources to change"]);
    expect(progress.counts).toEqual({ done: 0, failed: 0, total: 1 });
  });

  it("shows progress during a real run: lines for each resource of the fake engine", async () => {
    const fake = fakeAutomation({ ...setupStack, [`new:${devName}`]: { outputs: { url: "https://x.example.com" } } });
    const { deps, lines } = fakeDeps({ ...fakeRunner(healthyMachine), automation: fake.automation });
    await main("up", ["dev", "--yes"], deps);
    expect(lines).toContain("  [1/2] created azure-native:storage:StorageAccount storage-account in 0s");
    expect(lines).toContain("  [2/2] created azure-native:keyvault:Vault keyvault-vault in 0s");
    expect(lines.join("\n")).toContain("== Done in 1m 15s");
  });
});
