import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import type { Settings } from "../../config";
import { azCliScript } from "../../lib/azCliScript";

// The application routing Gateway API implementation (Azure/aks-app-routing-operator pkg/controller/keyvault/spc/consts.go).
export const appRoutingGatewayClass = "approuting-istio";

/**
 * The first Azure CLI with the GA flags (`--enable-gateway-api`, `--enable-app-routing-istio`, no aks-preview
 * extension): GA from AKS release v20260428 (Azure/AKS website/blog 2026-03-18-app-routing-gateway-api; learn.microsoft.com/azure/aks/app-routing-gateway-api:
 * "You must use azure-cli version 2.86.0 or higher").
 */
export const gaAzureCliVersion = "2.86.0";
// The first GA ManagedCluster API with ingressProfile.gatewayAPI and webAppRouting.gatewayAPIImplementations
// (Azure/azure-rest-api-specs specification/containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2026-02-01/managedClusters.json).
const armApiVersion = "2026-02-01";
const enabledState = "Standard,Enabled";
const stateQuery =
  "join(',', [properties.ingressProfile.gatewayAPI.installation || 'Disabled', properties.ingressProfile.webAppRouting.gatewayAPIImplementations.appRoutingIstio.mode || 'Disabled'])";

const subscriptionOfCluster = 'SUBSCRIPTION="${CLUSTER_ID#/subscriptions/}"; SUBSCRIPTION="${SUBSCRIPTION%%/*}"';
const [gaMajor, gaMinor] = gaAzureCliVersion.split(".");
const requireGaCli = [
  `cli_version=$(az version --query '"azure-cli"' --output tsv)`,
  `if ! echo "$cli_version" | awk -F. '{ exit !($1 > ${gaMajor} || ($1 == ${gaMajor} && $2 >= ${gaMinor})) }'; then`,
  `  echo "Azure CLI $cli_version is older than ${gaAzureCliVersion}, the first with the GA Gateway API flags of az aks update: run az upgrade" >&2`,
  "  exit 1",
  "fi",
].join("\n");

/**
 * The shell text of the enablement. `--enable-gateway-api` installs the managed Gateway API CRDs (self-managed CRDs
 * are unsupported with app routing), `--enable-app-routing-istio` the meshless Istio behind GatewayClass approuting-istio
 * (learn.microsoft.com/azure/aks/app-routing-gateway-api, learn.microsoft.com/azure/aks/managed-gateway-api).
 */
export const gatewayApiCommands = {
  enable: azCliScript(
    [
      requireGaCli,
      subscriptionOfCluster,
      `state=$(az resource show --ids "$CLUSTER_ID" --api-version ${armApiVersion} --query "${stateQuery}" --output tsv)`,
      `if [ "$state" != "${enabledState}" ]; then`,
      '  az aks update --subscription "$SUBSCRIPTION" --resource-group "$RESOURCE_GROUP" --name "$CLUSTER_NAME" --enable-gateway-api --enable-app-routing-istio',
      "fi",
    ].join("\n"),
  ),
  disable: azCliScript(
    [
      requireGaCli,
      subscriptionOfCluster,
      'az aks update --subscription "$SUBSCRIPTION" --resource-group "$RESOURCE_GROUP" --name "$CLUSTER_NAME" --disable-app-routing-istio --disable-gateway-api',
    ].join("\n"),
  ),
} as const;

/** What Pulumi sends when it PUTs the cluster: the plain settings-derived inputs and the add-on profiles. */
export interface ClusterPut {
  settingsInputs: Record<string, unknown>;
  /** May hold Outputs (the workspace id): passed as an input, which Pulumi resolves. */
  addonProfiles?: pulumi.Input<unknown>;
  /** Inputs of settingsInputs that Pulumi ignores after creation (ignoreChanges): their changes PUT nothing. */
  ignoredClusterInputs: readonly string[];
}

/** Refuses an Output anywhere in `value`: JSON.stringify would call its toJSON, which gives Pulumi's warning text (or throws). */
function assertPlain(value: unknown, path: string): void {
  if (pulumi.Output.isInstance(value)) throw new Error(`the cluster's plain inputs hold an Output at ${path}: pass it as an input instead`);
  if (value && typeof value === "object") for (const [key, item] of Object.entries(value)) assertPlain(item, `${path}.${key}`);
}

/** A digest of plain values (no Output). */
export function clusterPutDigest(values: Record<string, unknown>): string {
  assertPlain(values, "inputs");
  return createHash("sha256").update(JSON.stringify(values)).digest("hex");
}

export interface ClusterGatewayApiArgs {
  resourceGroupName: pulumi.Input<string>;
  clusterName: pulumi.Input<string>;
  clusterId: pulumi.Input<string>;
  put: ClusterPut;
}

/**
 * azure-native 3.28 (the newest on npm; ManagedCluster at API 2025-09-01, no versioned modules) cannot express
 * `ingressProfile.gatewayAPI` or `webAppRouting.gatewayAPIImplementations`: until it can, the Azure CLI sets them
 * (idempotent; `delete` disables). The provider's PUT of the cluster may not carry properties it does not know, so the
 * enablement runs again whenever Pulumi would PUT the cluster: on a change of its plain inputs or its add-on profiles.
 *
 * Next step, once a ManagedCluster SDK of API 2026-02-01 or later is in the repository (`pulumi package add azure-native
 * containerservice 2026-02-01`, which needs the Pulumi CLI): set on the cluster
 * `ingressProfile.gatewayAPI.installation: "Standard"` and
 * `ingressProfile.webAppRouting.gatewayAPIImplementations.appRoutingIstio.mode: "Enabled"`, give it
 * `aliases: [{ type: "azure-native:containerservice:ManagedCluster" }]`, check that `pulumi preview` shows an update
 * and no replacement, and delete this command (docs/ingress.md, "the declarative next step").
 */
export function enableClusterGatewayApi(name: string, args: ClusterGatewayApiArgs, opts: pulumi.CustomResourceOptions) {
  const { put } = args;
  const sent = Object.fromEntries(Object.entries(put.settingsInputs).filter(([key]) => !put.ignoredClusterInputs.includes(key)));
  return new command.local.Command(
    name,
    {
      create: gatewayApiCommands.enable,
      update: gatewayApiCommands.enable,
      delete: gatewayApiCommands.disable,
      environment: { RESOURCE_GROUP: args.resourceGroupName, CLUSTER_NAME: args.clusterName, CLUSTER_ID: args.clusterId },
      triggers: [args.clusterId, clusterPutDigest(sent), put.addonProfiles ?? null],
    },
    opts,
  );
}

/** The application routing add-on: NGINX only where the stack uses it; the Gateway API implementation lives under it too. */
export function webAppRoutingProfile(settings: Pick<Settings, "ingress">) {
  return usesNginx(settings) ? { enabled: true } : { enabled: true, nginx: { defaultIngressControllerType: "None" } };
}

export const usesGatewayApi = (settings: Pick<Settings, "ingress">) => settings.ingress.kind === "gatewayApi";
/** NGINX serves when chosen, or beside the Gateway during a migration. */
export const usesNginx = (settings: Pick<Settings, "ingress">) => settings.ingress.kind === "nginx" || settings.ingress.keepNginx;
