import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clusterSettingsInputs } from "../../../../infra/platform/aks/cluster";
import * as pulumi from "@pulumi/pulumi";
import { clusterPutDigest, gatewayApiCommands, gaAzureCliVersion } from "../../../../infra/platform/aks/gatewayApi";
import { programRun, sharedRun } from "../../../support/programRuns";
import { only, plainInputs } from "../../../support/infra";

const enablementOf = async (config: Record<string, unknown>) =>
  (await sharedRun("dev", config)).resources.find((resource) => resource.name === "aks-gateway-api")!;
const triggersOf = async (config: Record<string, unknown>) => JSON.stringify((await enablementOf(config)).inputs.triggers);

/** Runs a command's script with a fake `az` that logs its calls, reports `version`, and answers reads with `state`. */
function runWithFakeAz(script: string, { version = "2.86.0", state = "Disabled,Disabled" } = {}) {
  const bin = mkdtempSync(join(tmpdir(), "fake-az-"));
  const log = join(bin, "calls.log");
  writeFileSync(log, "");
  writeFileSync(
    join(bin, "az"),
    `#!/bin/sh
echo "AZURE_CONFIG_DIR=$AZURE_CONFIG_DIR $*" >> "${log}"
case "$1" in
  version) echo "${version}" ;;
  resource) echo "${state}" ;;
esac
`,
    { mode: 0o755 },
  );
  const tokenFile = join(bin, "federated-token");
  writeFileSync(tokenFile, "fresh-github-token");
  const env = {
    PATH: `${bin}:${process.env.PATH}`,
    RESOURCE_GROUP: "rg",
    CLUSTER_NAME: "aks",
    CLUSTER_ID: "/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks",
    AZURE_FEDERATED_TOKEN_FILE: tokenFile,
    AZURE_CLIENT_ID: "client-id",
    AZURE_TENANT_ID: "tenant-id",
  };
  const result = spawnSync("/bin/sh", ["-c", script], { env, encoding: "utf8" });
  const calls = readFileSync(log, "utf8").trim().split("\n").filter(Boolean);
  return {
    status: result.status,
    stderr: result.stderr,
    calls: calls.map((call) => call.replace(/^AZURE_CONFIG_DIR=\S* /, "")),
    raw: calls,
  };
}

describe("cluster side: the application routing Gateway API implementation", () => {
  it("enables managed Gateway API CRDs and approuting-istio with az aks update, only when not yet enabled", () => {
    expect(gatewayApiCommands.enable).toContain(
      'az aks update --subscription "$SUBSCRIPTION" --resource-group "$RESOURCE_GROUP" --name "$CLUSTER_NAME" --enable-gateway-api --enable-app-routing-istio',
    );
    expect(gatewayApiCommands.enable).toContain("properties.ingressProfile.gatewayAPI.installation");
    expect(gatewayApiCommands.enable).toContain("properties.ingressProfile.webAppRouting.gatewayAPIImplementations.appRoutingIstio.mode");
    expect(gatewayApiCommands.enable).toMatch(/if \[ "\$state" != "Standard,Enabled" \]; then/);
    expect(gatewayApiCommands.disable).toContain(
      'az aks update --subscription "$SUBSCRIPTION" --resource-group "$RESOURCE_GROUP" --name "$CLUSTER_NAME" --disable-app-routing-istio --disable-gateway-api',
    );
  });

  it("reads the state back through the GA API version that has both properties (2026-02-01), not a preview one", () => {
    expect(gatewayApiCommands.enable).toContain("--api-version 2026-02-01 ");
    expect(`${gatewayApiCommands.enable}\n${gatewayApiCommands.disable}`).not.toMatch(/preview/);
  });

  it.each(["2.86.0", "2.86.1", "2.100.0", "3.0.0"])("runs with Azure CLI %s", (version) => {
    const { status, calls } = runWithFakeAz(gatewayApiCommands.enable, { version });
    expect(status).toBe(0);
    expect(calls.at(-1)).toBe(
      "aks update --subscription sub-1 --resource-group rg --name aks --enable-gateway-api --enable-app-routing-istio",
    );
  });

  it.each(["2.85.0", "2.9.0", "1.99.0"])("stops with a clear error, before any change, on Azure CLI %s", (version) => {
    for (const script of [gatewayApiCommands.enable, gatewayApiCommands.disable]) {
      const { status, stderr, calls } = runWithFakeAz(script, { version });
      expect(status).not.toBe(0);
      expect(stderr).toContain(`Azure CLI ${version} is older than ${gaAzureCliVersion}`);
      expect(stderr).toContain("az upgrade");
      expect(calls.filter((call) => call.startsWith("aks ") || call.startsWith("resource "))).toEqual([]);
    }
  });

  it("does nothing when both are already on", () => {
    const { status, calls } = runWithFakeAz(gatewayApiCommands.enable, { state: "Standard,Enabled" });
    expect(status).toBe(0);
    expect(calls.filter((call) => call.startsWith("aks "))).toEqual([]);
  });

  it("signs the Azure CLI in again from the refreshed token file before it calls az, as the image import does", () => {
    const { raw } = runWithFakeAz(gatewayApiCommands.enable);
    expect(raw[0]).toContain("login --service-principal --username client-id --tenant tenant-id --federated-token fresh-github-token");
    expect(raw.some((call) => call.includes("resource show --ids /subscriptions/sub-1/"))).toBe(true);
    expect(raw.at(-1)).toContain(
      "aks update --subscription sub-1 --resource-group rg --name aks --enable-gateway-api --enable-app-routing-istio",
    );
    expect(new Set(raw.map((call) => call.split(" ")[0])).size).toBe(1);
  });

  it("runs it as a command resource on the cluster, with a matching delete, and keeps NGINX's controller off", async () => {
    const run = await programRun("dev");
    const enablement = run.resources.find((resource) => resource.name === "aks-gateway-api")!;
    expect(enablement.type).toBe("command:local:Command");
    expect(enablement.inputs).toMatchObject({
      create: gatewayApiCommands.enable,
      update: gatewayApiCommands.enable,
      delete: gatewayApiCommands.disable,
    });
    expect(Object.keys(enablement.inputs.environment).sort()).toEqual(["CLUSTER_ID", "CLUSTER_NAME", "RESOURCE_GROUP"]);
    expect(only(run, "azure-native:containerservice:ManagedCluster").inputs.ingressProfile).toEqual({
      webAppRouting: { enabled: true, nginx: { defaultIngressControllerType: "None" } },
    });
  });

  it("waits for the user pool: AKS refuses a second operation on the cluster while the pool's is in progress", async () => {
    const run = await programRun("dev");
    const enablement = run.resources.find((resource) => resource.name === "aks-gateway-api")!;
    expect(enablement.options.dependsOn).toContain("aks-user-pool");
  });
});

describe("when the enablement runs again (the cluster's PUT may drop properties the provider does not know)", () => {
  it("triggers on the cluster's id, a digest of the plain inputs the cluster is created with, and its add-on profiles", async () => {
    const run = await programRun("dev");
    const cluster = only(run, "azure-native:containerservice:ManagedCluster");
    const plain = clusterSettingsInputs(run.settings);
    expect(plainInputs(cluster)).toMatchObject(JSON.parse(JSON.stringify(plain)));
    const { kubernetesVersion: _ignoredByPulumi, ...put } = plain;
    const digest = createHash("sha256").update(JSON.stringify(put)).digest("hex");
    const triggers = run.resources.find((resource) => resource.name === "aks-gateway-api")!.inputs.triggers;
    expect(triggers).toEqual([cluster.id, digest, cluster.inputs.addonProfiles]);
  });

  it("holds no Pulumi warning text when a setting is an Output (the alert webhook), and ignores alert settings", async () => {
    const base = await triggersOf({});
    const withWebhook = await triggersOf({ monitoring: { alertWebhookUrl: { secure: "v1:ciphertext" } } });
    expect(withWebhook).not.toMatch(/toJSON|Output<T>/);
    expect(withWebhook).toBe(base);
    for (const change of [{ monitoring: { alertEmail: "ops@example.com", http5xxPercent: 9 } }, { monitoring: { logRetentionDays: 60 } }]) {
      expect(await triggersOf(change), JSON.stringify(change)).toBe(base);
    }
  });

  it("changes with a setting the cluster's PUT carries", async () => {
    const base = await triggersOf({});
    for (const change of [
      { tags: { team: "x" } },
      { network: { restrictPublicAccess: true, allowedIpRanges: ["203.0.113.0/24"] }, registry: { sku: "Premium" } },
      { aks: { systemPool: { count: 3 } } },
    ]) {
      expect(await triggersOf(change), JSON.stringify(change)).not.toBe(base);
    }
  });

  it("refuses to digest an Output instead of writing Pulumi's warning text into the trigger", async () => {
    expect(() => clusterPutDigest({ tags: { owner: pulumi.output("x") } })).toThrow(/Output/);
  });

  it("is not there when the stack uses NGINX, whose default controller stays on", async () => {
    const run = await sharedRun("dev", { ingress: { kind: "nginx" } });
    expect(run.resources.filter((resource) => resource.type === "command:local:Command" && resource.name === "aks-gateway-api")).toEqual(
      [],
    );
    expect(only(run, "azure-native:containerservice:ManagedCluster").inputs.ingressProfile).toEqual({ webAppRouting: { enabled: true } });
  });
});
