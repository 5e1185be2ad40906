import * as command from "@pulumi/command";
import type * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../config";
import { azCliScript } from "../../lib/azCliScript";

// The ARM shape, read back to stay idempotent (Azure/aks-app-routing-operator testing/e2e/clients/aks.go, api-version 2026-01-02-preview).
const armApiVersion = "2026-01-02-preview";
const enabledState = "Standard,Enabled";
const stateQuery =
  "join(',', [properties.ingressProfile.gatewayAPI.installation || 'Disabled', properties.ingressProfile.webAppRouting.gatewayAPIImplementations.appRoutingIstio.mode || 'Disabled'])";

const subscriptionOfCluster = 'SUBSCRIPTION="${CLUSTER_ID#/subscriptions/}"; SUBSCRIPTION="${SUBSCRIPTION%%/*}"';

/**
 * The shell text of the enablement. `--enable-gateway-api` installs the managed Gateway API CRDs (self-managed CRDs
 * are unsupported with app routing), `--enable-app-routing-istio` the meshless Istio behind GatewayClass approuting-istio
 * (learn.microsoft.com/azure/aks/app-routing-gateway-api, learn.microsoft.com/azure/aks/managed-gateway-api).
 */
export const gatewayApiCommands = {
  enable: azCliScript(
    [
      subscriptionOfCluster,
      `state=$(az resource show --ids "$CLUSTER_ID" --api-version ${armApiVersion} --query "${stateQuery}" --output tsv)`,
      `if [ "$state" != "${enabledState}" ]; then`,
      '  az aks update --subscription "$SUBSCRIPTION" --resource-group "$RESOURCE_GROUP" --name "$CLUSTER_NAME" --enable-gateway-api --enable-app-routing-istio',
      "fi",
    ].join("\n"),
  ),
  disable: azCliScript(
    [
      subscriptionOfCluster,
      'az aks update --subscription "$SUBSCRIPTION" --resource-group "$RESOURCE_GROUP" --name "$CLUSTER_NAME" --disable-app-routing-istio --disable-gateway-api',
    ].join("\n"),
  ),
} as const;

export interface ClusterGatewayApiArgs {
  /** What it reads of the validated settings: what the cluster's PUT carries. */
  readonly settings: Pick<Settings, "aks" | "ingress" | "monitoring" | "network" | "tags">;
  resourceGroupName: pulumi.Input<string>;
  clusterName: pulumi.Input<string>;
  clusterId: pulumi.Input<string>;
}

/**
 * azure-native 3.28 (the newest on npm; ManagedCluster at API 2025-09-01) cannot express `ingressProfile.gatewayAPI` or
 * `webAppRouting.gatewayAPIImplementations` on ManagedCluster: until it can, the Azure CLI sets them (idempotent; `delete` disables). Switch to those two ARM
 * properties when the provider gains them. A change of the cluster's settings runs the enablement again, because the
 * provider's PUT of the cluster may not carry properties it does not know.
 */
export function enableClusterGatewayApi(name: string, args: ClusterGatewayApiArgs, opts: pulumi.CustomResourceOptions) {
  const { settings } = args;
  return new command.local.Command(
    name,
    {
      create: gatewayApiCommands.enable,
      update: gatewayApiCommands.enable,
      delete: gatewayApiCommands.disable,
      environment: { RESOURCE_GROUP: args.resourceGroupName, CLUSTER_NAME: args.clusterName, CLUSTER_ID: args.clusterId },
      // Everything the cluster's own inputs are made of (cluster.ts): a change there is a PUT of the cluster.
      triggers: [
        args.clusterId,
        JSON.stringify({
          aks: settings.aks,
          ingress: settings.ingress,
          network: settings.network,
          tags: settings.tags,
          monitoring: settings.monitoring,
        }),
      ],
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
