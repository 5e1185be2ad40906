// Type tokens the policies look at. azure-native also registers versioned modules (storage/v20240101),
// so its tokens are matched with an optional version segment.

export const kubernetesTypes = {
  configMap: "kubernetes:core/v1:ConfigMap",
  secret: "kubernetes:core/v1:Secret",
  service: "kubernetes:core/v1:Service",
  deployment: "kubernetes:apps/v1:Deployment",
  ingress: "kubernetes:networking.k8s.io/v1:Ingress",
  helmRelease: "kubernetes:helm.sh/v3:Release",
} as const;

/** Workloads whose pod template the pod-level policies read. */
export const podWorkloadTypes = [
  kubernetesTypes.deployment,
  "kubernetes:apps/v1:StatefulSet",
  "kubernetes:apps/v1:DaemonSet",
  "kubernetes:apps/v1:ReplicaSet",
  "kubernetes:batch/v1:Job",
  "kubernetes:batch/v1:CronJob",
  "kubernetes:core/v1:Pod",
] as const;

/** The app image: `@pulumi/docker-build` Image (Dockerfile at `dockerfile.location`, args in `buildArgs`, pushed `tags`). */
export const dockerImageType = "docker-build:index:Image";

export interface AzureNativeType {
  readonly module: string;
  readonly resource: string;
}

export const azureTypes = {
  storageAccount: { module: "storage", resource: "StorageAccount" },
  keyVault: { module: "keyvault", resource: "Vault" },
  containerRegistry: { module: "containerregistry", resource: "Registry" },
  managedCluster: { module: "containerservice", resource: "ManagedCluster" },
  webApp: { module: "web", resource: "WebApp" },
  webAppSlot: { module: "web", resource: "WebAppSlot" },
  webAppAuthSettings: { module: "web", resource: "WebAppAuthSettingsV2" },
  webAppSlotAuthSettings: { module: "web", resource: "WebAppAuthSettingsV2Slot" },
  applicationInsights: { module: "applicationinsights", resource: "Component" },
} as const satisfies Record<string, AzureNativeType>;

export function isAzureNativeType(type: string, expected: AzureNativeType): boolean {
  const match = /^azure-native:([a-z]+)(?:\/v[0-9a-z]+)?:([A-Za-z][A-Za-z0-9]*)$/.exec(type);
  return match?.[1] === expected.module && match[2] === expected.resource;
}

export function isPodWorkloadType(type: string): boolean {
  return (podWorkloadTypes as readonly string[]).includes(type);
}

/** A site or one of its deployment slots: both run an image with app settings of their own. */
export function isWebSiteType(type: string): boolean {
  return isAzureNativeType(type, azureTypes.webApp) || isAzureNativeType(type, azureTypes.webAppSlot);
}
