import type * as pulumi from "@pulumi/pulumi";

export type Environment = "dev" | "prod";
export type Hosting = "aks" | "appService";

export interface PoolSettings {
  vmSize: string;
  count: number;
  minCount: number;
  maxCount: number;
}

export type ImageSource =
  | { kind: "build"; repository: string; context: string; dockerfile: string; platform: string }
  | { kind: "promote"; repository: string; fromStack: string; digest?: string };

export interface OAuth2ProxySettings {
  clientId: string;
  tenantId: string;
  /** A Pulumi secret from `pulumi config set --secret oauth2ProxyClientSecret`. */
  clientSecret: pulumi.Output<string>;
  allowedEmailDomains: string[];
  allowedGroups: string[];
  chartVersion: string;
  imageTag: string;
}

/** Every setting the program uses, validated once. Components receive this, never raw config. */
export interface Settings {
  project: string;
  stack: string;
  environment: Environment;
  location: string;
  hosting: Hosting;
  /** The public hostname: the ingress host on AKS, the site's host on App Service. */
  hostname: string;
  /** Key Vault certificate the application routing add-on serves for the hostname; unset: a TLS secret you provide. */
  tlsCertificateKeyVaultUri?: string;
  tags: Record<string, string>;
  names: {
    resourceGroup: string;
    storageAccount: string;
    keyVault: string;
    registry: string;
    appConfiguration: string;
    aksCluster: string;
    aksDnsPrefix: string;
    functionApp: string;
  };
  query: { maxRangeDays: number };
  durable: {
    /** Completed, failed and terminated orchestrations older than this are purged (the app's timer). */
    historyRetentionDays: number;
    taskHubName: string;
    hostId: string;
    maxConcurrentActivityFunctions: number;
    maxConcurrentOrchestratorFunctions: number;
  };
  storage: { sku: string; auditTableName: string; blobSoftDeleteDays: number };
  keyVault: { sku: "standard" | "premium"; softDeleteRetentionDays: number; purgeProtection: boolean };
  appConfiguration: { sku: string; connectionStringKey: string; label: string };
  registry: { sku: string };
  aks: {
    kubernetesVersion?: string;
    skuTier: string;
    zones: string[];
    upgradeChannel: string;
    nodeOsUpgradeChannel: string;
    adminGroupObjectIds: string[];
    systemPool: Omit<PoolSettings, "minCount" | "maxCount">;
    userPool: PoolSettings;
  };
  app: {
    namespace: string;
    minReplicas: number;
    maxReplicas: number;
    cpuRequest: string;
    cpuLimit: string;
    memoryRequest: string;
    memoryLimit: string;
  };
  image: ImageSource;
  /** Present when hosting is aks. */
  oauth2Proxy?: OAuth2ProxySettings;
  appService: { sku: string; minimumInstances: number };
}
