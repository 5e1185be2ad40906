import * as pulumi from "@pulumi/pulumi";
import { appSettingNames, appSettingValues, hostSettingNames, hostSettingValues, type HttpAuthLevel } from "../../app/src/contract";
import { apiSignIn, nodeHeapMiB, stackAppSettingMap, workerMemoryMiB, type Settings } from "../config";

/** A secret app setting: its value (a Pulumi secret) and the Key Vault secret that holds the same value. */
export interface SecretSetting {
  value: pulumi.Output<string>;
  keyVaultSecretUri: pulumi.Input<string>;
}

/**
 * The ONE map of the Function app's settings. The AKS variant delivers `plain` as a ConfigMap and `secret` as a
 * Secret; the App Service variant delivers `plain` as app settings and `secret` as Key Vault references.
 */
export interface AppSettings {
  plain: Record<string, pulumi.Input<string>>;
  secret: Record<string, SecretSetting>;
}

export interface AppSettingsArgs {
  /** What it reads of the validated settings. */
  readonly settings: Pick<
    Settings,
    "app" | "appConfiguration" | "appService" | "auth" | "durable" | "hosting" | "hostname" | "oauth2Proxy" | "query" | "storage"
  >;
  appConfigurationEndpoint: pulumi.Input<string>;
  identityClientId: pulumi.Input<string>;
  storageAccountName: pulumi.Input<string>;
  /** Only with `storage.sharedKeyAccess` (the fallback): then the host gets this instead of its identity. */
  keyedStorageConnectionString?: pulumi.Output<string>;
  /** The Key Vault secret that holds the keyed connection string on the fallback. */
  storageConnectionStringSecretUri: pulumi.Input<string>;
  applicationInsightsConnectionString: pulumi.Input<string>;
}

// Credential names Microsoft.Extensions.Azure's ClientFactory.cs accepts, for the host and Durable alike (docs/decisions.md);
// `managedidentity` on AKS would reach the node's identity.
const storageCredential: Record<Settings["hosting"], string> = { aks: "workloadidentity", appService: "managedidentity" };

/** The host's storage: by the app identity (default), or the keyed connection string as a secret (the fallback). */
function hostStorage(args: AppSettingsArgs): Pick<AppSettings, "plain" | "secret"> {
  if (args.keyedStorageConnectionString) {
    const setting = { value: pulumi.secret(args.keyedStorageConnectionString), keyVaultSecretUri: args.storageConnectionStringSecretUri };
    return { plain: {}, secret: { [hostSettingNames.webJobsStorage]: setting } };
  }
  // Tenant and token file come from the workload identity webhook's AZURE_TENANT_ID / AZURE_FEDERATED_TOKEN_FILE (same ClientFactory.cs).
  const plain = {
    [hostSettingNames.webJobsStorageAccountName]: args.storageAccountName,
    [hostSettingNames.webJobsStorageCredential]: storageCredential[args.settings.hosting],
    [hostSettingNames.webJobsStorageClientId]: args.identityClientId,
  };
  return { plain, secret: {} };
}

/**
 * Anonymous only behind an authenticating entry: OAuth2 Proxy on AKS, App Service authentication (always on there);
 * `appService.functionKeys` adds function keys on top of the sign-in.
 */
function httpAuthLevel(settings: Pick<Settings, "appService" | "hosting">): HttpAuthLevel {
  return settings.hosting === "appService" && settings.appService.functionKeys ? "function" : "anonymous";
}

export function buildAppSettings(args: AppSettingsArgs): AppSettings {
  const { settings } = args;
  const storage = hostStorage(args);
  const signIn = apiSignIn(settings);
  return {
    plain: {
      ...hostSettingValues,
      ...appSettingValues,
      // Every stack-configurable app setting (query.maxRangeDays, durable.historyRetentionDays, ...): config/stackAppSettings.ts.
      ...stackAppSettingMap(settings),
      // What the .NET host leaves of the pod or instance (config/workerMemory.ts), not Node's guess from all of it.
      [hostSettingNames.nodeWorkerArguments]: `--max-old-space-size=${nodeHeapMiB(workerMemoryMiB(settings))}`,
      [hostSettingNames.taskHubName]: settings.durable.taskHubName,
      [hostSettingNames.hostId]: settings.durable.hostId,
      [appSettingNames.websiteHostname]: settings.hostname,
      [appSettingNames.appConfigEndpoint]: args.appConfigurationEndpoint,
      [appSettingNames.azureClientId]: args.identityClientId,
      [appSettingNames.httpAuthLevel]: httpAuthLevel(settings),
      // The app validates approvers' tokens itself (app/src/auth): the same application the entry in front signs people in with.
      [appSettingNames.authTenantId]: signIn.tenantId,
      [appSettingNames.authAudience]: signIn.audience,
      // The host reads both (azure-functions-host src/WebJobs.Script/ScriptHostBuilderExtensions.cs ConfigureApplicationInsights).
      [hostSettingNames.appInsightsConnectionString]: args.applicationInsightsConnectionString,
      [hostSettingNames.appInsightsAuthenticationString]: pulumi.interpolate`Authorization=AAD;ClientId=${args.identityClientId}`,
      ...storage.plain,
    },
    secret: storage.secret,
  };
}
