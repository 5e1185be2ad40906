// What an environment gets when its stack file says nothing: dev is small and cheap, prod is production-grade.
// Defaults of keys that become app settings live in the table of stackAppSettings.ts instead.
export const environmentDefaults = {
  dev: {
    storageSku: "Standard_LRS",
    blobSoftDeleteDays: 7,
    sharedKeyAccess: false,
    restrictPublicAccess: false,
    keyVaultRetentionDays: 7,
    purgeProtection: false,
    // "free" allows one store per subscription, so a second dev-like stack would fail: "developer" has no such limit
    // (https://learn.microsoft.com/azure/azure-app-configuration/faq#which-app-configuration-tier-should-i-use).
    appConfigurationSku: "developer",
    registrySku: "Basic",
    aksSkuTier: "Free",
    zones: [] as string[],
    systemPool: { vmSize: "Standard_D2s_v5", count: 1 },
    userPool: { vmSize: "Standard_D2s_v5", count: 1, minCount: 1, maxCount: 3 },
    minReplicas: 1,
    maxReplicas: 4,
    appServiceSku: "EP1",
    appServiceMinimumInstances: 1,
    appServiceStagingSlot: false,
    logRetentionDays: 30,
  },
  prod: {
    storageSku: "Standard_ZRS",
    blobSoftDeleteDays: 30,
    sharedKeyAccess: false,
    // Off until the stack lists the ranges its deployer and its app come from (docs/security.md#network-option).
    restrictPublicAccess: false,
    keyVaultRetentionDays: 90,
    purgeProtection: true,
    appConfigurationSku: "standard",
    registrySku: "Standard",
    aksSkuTier: "Standard",
    zones: ["1", "2", "3"],
    systemPool: { vmSize: "Standard_D4s_v5", count: 2 },
    userPool: { vmSize: "Standard_D4s_v5", count: 2, minCount: 2, maxCount: 6 },
    minReplicas: 2,
    maxReplicas: 10,
    appServiceSku: "EP1",
    appServiceMinimumInstances: 2,
    // New digests reach the slot first and production only after their smoke test (docs/releasing.md, A staging slot).
    appServiceStagingSlot: true,
    logRetentionDays: 90,
  },
} as const;

export const sharedDefaults = {
  location: "westeurope",
  hosting: "aks",
  namespace: "durable-app",
  repository: "durable-app",
  dockerContext: ".",
  dockerfile: "app/Dockerfile",
  platform: "linux/amd64",
  upgradeChannel: "stable",
  nodeOsUpgradeChannel: "NodeImage",
  cpuRequest: "250m",
  cpuLimit: "1",
  memoryRequest: "512Mi",
  memoryLimit: "1Gi",
  // Pinned: the oauth2-proxy chart of oauth2-proxy/manifests (10.4.x ships app 7.15.x); the proxy image tag is pinned separately (>= v7.15.3).
  oauth2ProxyChartVersion: "10.4.2",
  oauth2ProxyImageTag: "v7.15.3",
  allowedEmailDomains: ["*"],
  // Managed NGINX is supported only through November 2026 (learn.microsoft.com/azure/aks/app-routing-gateway-api).
  ingressKind: "gatewayApi",
  // Entra access tokens live about an hour: refresh the session within it; a signed-in session lasts a working day.
  cookieRefresh: "1h",
  cookieExpire: "8h",
  http5xxPercent: 5,
  queueBacklogThreshold: 1000,
  queueWaitMinutes: 5,
} as const;
