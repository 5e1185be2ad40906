import type * as pulumi from "@pulumi/pulumi";
import type { Environment, StackAppSettingValues } from "./stackAppSettings";

export type { Environment };
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

/** The trust level's Entra application (bootstrap creates one per trust level: dev, prod). */
export interface AuthSettings {
  /** Its client id: the audience of the access tokens programs send (v2 tokens), and `api://<clientId>` its identifier URI. */
  clientId: string;
  tenantId: string;
}

/** A deployment slot of the production site, with a task hub and a host id never shared with production. */
export interface StagingSlotSettings {
  name: string;
  taskHubName: string;
  hostId: string;
}

export type ReleaseStage = "staging" | "production";

export interface AppServiceSettings {
  sku: string;
  minimumInstances: number;
  /** Function keys on top of the sign-in (HttpAuthLevel function); off: the sign-in alone guards the API (anonymous). */
  functionKeys: boolean;
  /** Client ids of programs that may call the API besides the application itself and the Azure CLI (e.g. the smoke identity). */
  allowedApplications: string[];
  /** A user-assigned identity federated with the application: the sign-in redeems codes with it instead of a client secret. */
  signInIdentity?: { resourceId: string; clientId: string };
  /** The custom domain (config `hostname`) served with an App Service managed certificate; unset: the site's default host. */
  customDomain?: string;
  stagingSlot?: StagingSlotSettings;
  /** staging: this update's image goes to the staging slot only and production keeps the image it runs. */
  releaseStage: ReleaseStage;
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

/** Every setting the program uses but those of the app-settings table (stackAppSettings.ts), which Settings adds. */
export interface BaseSettings {
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
  durable: {
    taskHubName: string;
    hostId: string;
  };
  storage: {
    sku: string;
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
  appConfiguration: { sku: string };
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
  /** Present when hosting is appService, or when set beside oauth2Proxy (then the same application). */
  auth?: AuthSettings;
  appService: AppServiceSettings;
  monitoring: MonitoringSettings;
}

type TableGroup = keyof StackAppSettingValues;

/**
 * Every setting the program uses, validated once. Components receive (a Pick of) this, never raw config. The groups
 * of the app-settings table carry its values too (e.g. `durable.historyRetentionDays`, `query.maxRangeDays`).
 */
export type Settings = Omit<BaseSettings, TableGroup> & {
  [Group in TableGroup]: (Group extends keyof BaseSettings ? BaseSettings[Group] : unknown) & StackAppSettingValues[Group];
};
