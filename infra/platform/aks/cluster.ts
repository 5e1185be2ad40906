import * as pulumi from "@pulumi/pulumi";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as k8s from "@pulumi/kubernetes";
import type { Settings } from "../../config";
import { apiServerAccessProfile } from "../../lib/networkRules";
import { gatewayApiCrds, kedaCrds, waitForCrds } from "./crdsReady";
import { appRoutingGatewayClass, enableClusterGatewayApi, usesGatewayApi, webAppRoutingProfile } from "./gatewayApi";
import { assignRole } from "../../lib/roles";

export const criticalAddonsOnlyTaint = "CriticalAddonsOnly=true:NoSchedule";

export interface AksClusterArgs {
  /** What it reads of the validated settings. */
  readonly settings: Pick<Settings, "aks" | "ingress" | "location" | "monitoring" | "names" | "network" | "tags">;
  resourceGroupName: pulumi.Input<string>;
  /** The kubelet identity gets AcrPull here, so nodes pull the app image without secrets. */
  registryId: pulumi.Input<string>;
  /** Container Insights: the monitoring add-on's profile (Monitoring.omsAgentAddon); its key is `omsagent`. */
  omsAgentAddon?: { enabled: boolean; config: Record<string, pulumi.Input<string>> };
}

/**
 * AKS with Entra ID only (managed AAD, Azure RBAC, no local accounts), workload identity, KEDA, application routing
 * (Gateway API with approuting-istio, or managed NGINX), Azure CNI overlay with Cilium, a tainted system pool and a
 * separate autoscaled user pool.
 */
export class AksCluster extends pulumi.ComponentResource {
  public readonly clusterName: pulumi.Output<string>;
  public readonly clusterId: pulumi.Output<string>;
  public readonly oidcIssuerUrl: pulumi.Output<string>;
  public readonly kubeletObjectId: pulumi.Output<string>;
  /** The autoscaled pool the workloads run on (the system pool is tainted): Kubernetes workloads depend on it. */
  public readonly userPool: containerservice.AgentPool;
  /** Role assignments the nodes use in the run that creates them (the kubelet's AcrPull). */
  public readonly grants: pulumi.Resource[];
  /** The cluster serves KEDA's CRDs: ScaledObjects and TriggerAuthentications depend on it. */
  public readonly kedaReady: pulumi.Resource;
  /** Present with ingress.kind gatewayApi: the cluster serves the Gateway API CRDs and accepts GatewayClass approuting-istio. */
  public readonly gatewayApi?: pulumi.Resource;
  /** Talks to the cluster with the runner's Entra ID login (kubelogin): Kubernetes resources of the app use it. */
  public readonly provider: k8s.Provider;

  constructor(name: string, args: AksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks:containerservice:AksCluster", name, {}, opts);
    const { settings, resourceGroupName } = args;
    const { aks } = settings;
    const zones = aks.zones.length ? aks.zones : undefined;

    const settingsInputs = clusterSettingsInputs(settings);
    const addonProfiles = args.omsAgentAddon ? { omsagent: args.omsAgentAddon } : undefined;
    const cluster = new containerservice.ManagedCluster(
      `${name}-cluster`,
      { ...settingsInputs, resourceGroupName, addonProfiles },
      // The auto-upgrade channel moves the version after creation; Pulumi must not try to roll it back.
      { parent: this, ignoreChanges: [...ignoredClusterInputs] },
    );

    // A separate resource: changing a pool inline in the cluster's profiles disrupts every pool.
    this.userPool = new containerservice.AgentPool(
      `${name}-user-pool`,
      {
        agentPoolName: "user",
        resourceName: cluster.name,
        resourceGroupName,
        mode: containerservice.AgentPoolMode.User,
        vmSize: aks.userPool.vmSize,
        osType: containerservice.OSType.Linux,
        osSKU: containerservice.OSSKU.AzureLinux,
        type: containerservice.AgentPoolType.VirtualMachineScaleSets,
        availabilityZones: zones,
        enableAutoScaling: true,
        count: aks.userPool.count,
        minCount: aks.userPool.minCount,
        maxCount: aks.userPool.maxCount,
      },
      // The autoscaler owns the node count once the pool exists.
      { parent: this, ignoreChanges: ["count", "orchestratorVersion"] },
    );

    const kubeconfig = userKubeconfig(resourceGroupName, cluster.name, this);
    this.kedaReady = waitForCrds(`${name}-keda-crds`, { crds: kedaCrds, kubeconfig, clusterId: cluster.id }, { parent: this });
    if (usesGatewayApi(settings)) {
      const enablement = enableClusterGatewayApi(
        `${name}-gateway-api`,
        {
          resourceGroupName,
          clusterName: cluster.name,
          clusterId: cluster.id,
          put: { settingsInputs, addonProfiles, ignoredClusterInputs },
        },
        // AKS refuses concurrent operations on a cluster or its node pools (learn.microsoft.com/azure/aks/manage-node-pools, Limitations): the pool first.
        { parent: this, dependsOn: [this.userPool] },
      );
      this.gatewayApi = waitForCrds(
        `${name}-gateway-api-crds`,
        { crds: gatewayApiCrds, accepted: { kind: "gatewayclass", name: appRoutingGatewayClass }, kubeconfig, clusterId: cluster.id },
        { parent: this, dependsOn: [enablement] },
      );
    }

    const kubeletObjectId = cluster.identityProfile.apply((profile) => {
      const objectId = profile?.["kubeletidentity"]?.objectId;
      if (!objectId) throw new Error("the cluster reported no kubelet identity");
      return objectId;
    });
    const kubeletAcrPull = assignRole(
      `${name}-kubelet-acr-pull`,
      { role: "acrPull", scope: args.registryId, principalId: kubeletObjectId, principalType: "ServicePrincipal" },
      { parent: this },
    );

    this.provider = new k8s.Provider(
      `${name}-k8s`,
      {
        kubeconfig,
        // A new cluster id means a new cluster: Pulumi then replaces what it deployed instead of diffing against a stranger.
        clusterIdentifier: cluster.id,
        enableServerSideApply: true,
        // No deleteUnreachable: an auth blip would drop all Kubernetes resources from state (pulumi-kubernetes#2489, docs/decisions.md).
      },
      // The runner's cluster role (Azure Kubernetes Service RBAC Cluster Admin) comes from bootstrap/, granted before this run.
      { parent: this },
    );

    this.clusterName = cluster.name;
    this.clusterId = cluster.id;
    this.oidcIssuerUrl = cluster.oidcIssuerProfile.apply((profile) => {
      if (!profile?.issuerURL) throw new Error("the cluster reported no OIDC issuer URL");
      return profile.issuerURL;
    });
    this.kubeletObjectId = kubeletObjectId;
    this.grants = [kubeletAcrPull];
    this.registerOutputs({
      clusterName: this.clusterName,
      clusterId: this.clusterId,
      oidcIssuerUrl: this.oidcIssuerUrl,
      kubeletObjectId: this.kubeletObjectId,
    });
  }
}

/** Inputs Pulumi never sends again once the cluster exists. */
const ignoredClusterInputs = ["kubernetesVersion"] as const;

/**
 * The cluster's inputs that come from the settings alone: plain values (no Output), exactly what the cluster is created
 * with, so the Gateway API enablement can tell when a change of them makes Pulumi PUT the cluster again.
 */
export function clusterSettingsInputs(
  settings: Pick<Settings, "aks" | "ingress" | "location" | "names" | "network" | "tags">,
): Omit<containerservice.ManagedClusterArgs, "resourceGroupName" | "addonProfiles"> {
  const { aks } = settings;
  const zones = aks.zones.length ? aks.zones : undefined;
  return {
    resourceName: settings.names.aksCluster,
    location: settings.location,
    dnsPrefix: settings.names.aksDnsPrefix,
    kubernetesVersion: aks.kubernetesVersion,
    sku: { name: containerservice.ManagedClusterSKUName.Base, tier: aks.skuTier },
    identity: { type: containerservice.ResourceIdentityType.SystemAssigned },
    agentPoolProfiles: [
      {
        name: "system",
        mode: containerservice.AgentPoolMode.System,
        count: aks.systemPool.count,
        vmSize: aks.systemPool.vmSize,
        osType: containerservice.OSType.Linux,
        osSKU: containerservice.OSSKU.AzureLinux,
        type: containerservice.AgentPoolType.VirtualMachineScaleSets,
        availabilityZones: zones,
        // Only critical add-ons run here; the app lands on the user pool.
        nodeTaints: [criticalAddonsOnlyTaint],
      },
    ],
    enableRBAC: true,
    aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: aks.adminGroupObjectIds },
    disableLocalAccounts: true,
    apiServerAccessProfile: apiServerAccessProfile(settings.network),
    oidcIssuerProfile: { enabled: true },
    securityProfile: { workloadIdentity: { enabled: true } },
    workloadAutoScalerProfile: { keda: { enabled: true } },
    ingressProfile: { webAppRouting: webAppRoutingProfile(settings) },
    autoUpgradeProfile: { upgradeChannel: aks.upgradeChannel, nodeOSUpgradeChannel: aks.nodeOsUpgradeChannel },
    networkProfile: {
      networkPlugin: containerservice.NetworkPlugin.Azure,
      networkPluginMode: containerservice.NetworkPluginMode.Overlay,
      networkDataplane: containerservice.NetworkDataplane.Cilium,
      networkPolicy: containerservice.NetworkPolicy.Cilium,
      loadBalancerSku: containerservice.LoadBalancerSku.Standard,
    },
    tags: settings.tags,
  };
}

/** The Entra ID (exec, kubelogin) kubeconfig: local accounts are off, so there is no admin kubeconfig to fall back on. */
function userKubeconfig(resourceGroupName: pulumi.Input<string>, clusterName: pulumi.Input<string>, parent: pulumi.Resource) {
  const credentials = containerservice.listManagedClusterUserCredentialsOutput(
    { resourceGroupName, resourceName: clusterName, format: "exec" },
    { parent },
  );
  return pulumi.secret(
    credentials.kubeconfigs.apply((kubeconfigs) => {
      const encoded = kubeconfigs[0]?.value;
      if (!encoded) throw new Error("the cluster returned no user kubeconfig");
      return Buffer.from(encoded, "base64").toString("utf8");
    }),
  );
}
