import type * as pulumi from "@pulumi/pulumi";

export type Environment = "dev" | "prod";
export type Hosting = "aks" | "appService";
export type IngressKind = "gatewayApi" | "nginx";

export interface PoolSettings {
  vmSize: string;
  count: number;
  minCount: number;
  maxCount: number;
}

export type ImageSource =
  | {
      kind: "build";
      repository: string;
      context: string;
      dockerfile: string;
      platform: string;
      /** Redeploy this digest from the stack's own registry instead of building (a rollback). */
      digest?: string;
    }
  | { kind: "promote"; repository: string; fromStack: string; digest?: string };

export interface OAuth2ProxySettings {
  clientId: string;
  tenantId: string;
  /** A Pulumi secret from `pulumi config set --secret oauth2ProxyClientSecret`. */
  clientSecret: pulumi.Output<string>;
  allowedEmailDomains: string[];
  allowedGroups: string[];
  /** Audience of the access tokens programs send as bearer tokens: the API app registration's client id. */
  apiAudience: string;
  /** Go durations, as oauth2-proxy reads them. */
  cookieRefresh: string;
  cookieExpire: string;
  chartVersion: string;
  imageTag: string;
}

export interface MonitoringSettings {
  logRetentionDays: number;
  alertEmail?: string;
  /** A Pulumi secret: an incoming-webhook URL usually carries its token. */
  alertWebhookUrl?: pulumi.Output<string>;
  /** Share of HTTP requests answered 5xx, in percent, above which the alert fires. */
  http5xxPercent: number;
  /** Messages in the storage account's queues (task hub control and work-item queues) above which the alert fires. */
  queueBacklogThreshold: number;
  /** Minutes an activity waits between being scheduled and starting, above which the alert fires. */
  queueWaitMinutes: number;
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
    /** Control queues of the task hub (Azure Storage backend); fixed when the hub is created. */
    partitionCount: number;
  };
  storage: {
    sku: string;
    auditTableName: string;
    blobSoftDeleteDays: number;
    /** Off by default: the host, KEDA and the app use identities. On is the fallback to connection strings. */
    sharedKeyAccess: boolean;
  };
  network: {
    /** Default-deny firewalls on Key Vault, the registry and (with subnets) Storage; authorized IPs on the AKS API server. */
    restrictPublicAccess: boolean;
    allowedIpRanges: string[];
    /** Subnets allowed on Storage (virtual network rules): same-region clients are never matched by IP rules. */
    storageSubnetIds: string[];
  };
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
    /** How long Kubernetes waits after SIGTERM before it kills the pod: room for the host to drain. */
    terminationGracePeriodSeconds: number;
  };
  image: ImageSource;
  /** The public entry on AKS: Gateway API (default) or the managed NGINX; keepNginx runs both during a migration. */
  ingress: { kind: IngressKind; keepNginx: boolean };
  /** Present when hosting is aks. */
  oauth2Proxy?: OAuth2ProxySettings;
  appService: { sku: string; minimumInstances: number };
  monitoring: MonitoringSettings;
}
