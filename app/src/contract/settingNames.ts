// Every setting name the app or its host reads, spelled once. The infrastructure imports this file to build the
// app-settings map, so it must stay free of imports and side effects.

/** Settings the app code reads (src/settings.ts). */
export const appSettingNames = {
  /** App Configuration endpoint, e.g. https://<store>.azconfig.io (the original service's `AppConfigEndpoint`). */
  appConfigEndpoint: "AppConfigEndpoint",
  /** Key of the App Configuration setting that holds (a Key Vault reference to) the table connection string. */
  appConfigConnectionKey: "AppConfigConnectionStringKey",
  /** Label of that App Configuration setting. */
  appConfigConnectionLabel: "AppConfigConnectionStringLabel",
  /** Explicit table connection string (local runs, Azurite). When set, App Configuration is not consulted. */
  auditTableConnectionString: "AuditTableConnectionString",
  /** Name of the table the query counts in. */
  auditTableName: "AuditTableName",
  /** How many partition-range queries the count activity runs at the same time. */
  queryConcurrency: "QueryConcurrency",
  /** Longest range (days, both ends included) the submit route accepts. */
  queryMaxRangeDays: "QueryMaxRangeDays",
  /** How many counts one worker runs at the same time; one more is refused at once and retried by its orchestration. */
  queryMaxConcurrentCounts: "QueryMaxConcurrentCounts",
  /** Most distinct identification numbers one count may hold before it fails cleanly. */
  queryMaxDistinctValues: "QueryMaxDistinctValues",
  /** Share of the V8 heap limit (percent) above which a running count stops instead of risking an out-of-memory kill. */
  queryMaxHeapPercent: "QueryMaxHeapPercent",
  /** Completed, failed and terminated orchestrations older than this many days are purged by the timer. */
  historyRetentionDays: "DurableHistoryRetentionDays",
  /** Public host name (and port) clients reach the app on; builds the status URL. App Service sets it itself. */
  websiteHostname: "WEBSITE_HOSTNAME",
  /**
   * `function` (the app's default: every route but the health probe needs a function key) or `anonymous` (only where
   * an authenticating entry guards the app: OAuth2 Proxy on AKS, App Service authentication).
   */
  httpAuthLevel: "HttpAuthLevel",
  /** Client id of the user-assigned / workload identity that DefaultAzureCredential uses. */
  azureClientId: "AZURE_CLIENT_ID",
  /** Which of DefaultAzureCredential's credentials it tries (@azure/identity 4.x reads it). */
  azureTokenCredentials: "AZURE_TOKEN_CREDENTIALS",
  /**
   * The Entra tenant whose access tokens the app accepts (approvals): with AuthAudience, or neither. Unset: the routes
   * that need a caller answer 503.
   */
  authTenantId: "AuthTenantId",
  /** The client id of the API's Entra application: the audience (`aud`) of the v2 access tokens the app accepts. */
  authAudience: "AuthAudience",
} as const;

/** Fixed values for app settings that have exactly one right value wherever the app is deployed. */
export const appSettingValues = {
  // "prod": environment, workload identity and managed identity only; no developer credential is tried after a real
  // failure (@azure/identity dist/commonjs/credentials/defaultAzureCredential.js, 4.14.1).
  [appSettingNames.azureTokenCredentials]: "prod",
} as const;

/** The values HttpAuthLevel takes; anything else stops the app at start-up. */
export const httpAuthLevels = ["function", "anonymous"] as const;
export type HttpAuthLevel = (typeof httpAuthLevels)[number];

/** Defaults for the app settings above; a setting without an entry here is required where it is used. */
export const appSettingDefaults = {
  [appSettingNames.httpAuthLevel]: "function",
  [appSettingNames.appConfigConnectionKey]: "storage-account-connection-string",
  [appSettingNames.appConfigConnectionLabel]: "async-http-api",
  [appSettingNames.auditTableName]: "audit",
  [appSettingNames.queryConcurrency]: "32",
  [appSettingNames.queryMaxRangeDays]: "366",
  [appSettingNames.queryMaxConcurrentCounts]: "2",
  [appSettingNames.queryMaxDistinctValues]: "2000000",
  [appSettingNames.queryMaxHeapPercent]: "80",
  [appSettingNames.historyRetentionDays]: "30",
} as const;

/** Inclusive bounds of whole-number app settings; the infrastructure's config rules use the same ones. */
export const appSettingBounds = {
  [appSettingNames.queryMaxRangeDays]: { min: 1, max: 36_525 },
  [appSettingNames.historyRetentionDays]: { min: 1, max: 3_650 },
} as const;

/** Settings the Functions host reads (host.json overrides and runtime wiring). */
export const hostSettingNames = {
  /**
   * Durable task hub: 3-45 letters and digits, starting with a letter; one per deployment. A plain setting that
   * host.json names as "%TaskHubName%" (the app-setting pattern of learn.microsoft.com/azure/azure-functions/durable/durable-functions-task-hubs),
   * so the Elastic Premium scale controller, which reads host.json rather than host.json overrides, sees the same hub.
   */
  taskHubName: "TaskHubName",
  /** Host id shared by all replicas (1-32 lowercase letters, digits, single dashes). */
  hostId: "AzureFunctionsWebHost__hostid",
  /** Storage the host and Durable Functions keep their state in, as a connection string (only with shared keys on). */
  webJobsStorage: "AzureWebJobsStorage",
  /** The same storage by identity: the account name, from which the host derives the blob, queue and table URIs. */
  webJobsStorageAccountName: "AzureWebJobsStorage__accountName",
  /** `workloadidentity` on AKS, `managedidentity` on App Service (Microsoft.Extensions.Azure's credential names). */
  webJobsStorageCredential: "AzureWebJobsStorage__credential",
  /** Client id of the user-assigned identity the credential above stands for. */
  webJobsStorageClientId: "AzureWebJobsStorage__clientId",
  /** Must be "node". */
  workerRuntime: "FUNCTIONS_WORKER_RUNTIME",
  /** Overrides host.json extensions.durableTask.maxConcurrentActivityFunctions. */
  maxConcurrentActivityFunctions: "AzureFunctionsJobHost__extensions__durableTask__maxConcurrentActivityFunctions",
  /** Overrides host.json extensions.durableTask.maxConcurrentOrchestratorFunctions. */
  maxConcurrentOrchestratorFunctions: "AzureFunctionsJobHost__extensions__durableTask__maxConcurrentOrchestratorFunctions",
  /**
   * Overrides host.json extensions.durableTask.defaultVersion. Emergency use only: the version belongs to the image
   * (host.json), so that a digest runs with its own version on every stack and a rollback brings its version back.
   * "%NAME%" in host.json is not resolved for this key (azure-functions-durable-extension issue 3279).
   */
  orchestrationVersionOverride: "AzureFunctionsJobHost__extensions__durableTask__defaultVersion",
  /** Overrides host.json extensions.durableTask.storageProvider.partitionCount: one control queue per partition. */
  partitionCount: "AzureFunctionsJobHost__extensions__durableTask__storageProvider__partitionCount",
  /**
   * "true": on SIGTERM the host enters drain mode and takes no new work; it does not wait for running executions, which
   * get the host's ~10 s stop budget (azure-functions-host src/WebJobs.Script.WebHost/WebJobsScriptHostService.cs,
   * StopAsync; issue 9822), after which Durable redelivers their messages.
   */
  drainOnAppStopping: "FUNCTIONS_ENABLE_DRAIN_ON_APP_STOPPING",
  /** Where the host sends telemetry; not a secret (ingestion needs the identity below once local auth is off). */
  appInsightsConnectionString: "APPLICATIONINSIGHTS_CONNECTION_STRING",
  /** `Authorization=AAD;ClientId=<client id>`: the host ingests with that managed identity's token. */
  appInsightsAuthenticationString: "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
  /** Longest wait between polls of an idle control or work-item queue (AzureStorageOptions.MaxQueuePollingInterval, default 30 s). */
  maxQueuePollingInterval: "AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval",
  /** How long a dequeued activity message stays invisible before another worker may take it (default 5 minutes). */
  workItemQueueVisibilityTimeout: "AzureFunctionsJobHost__extensions__durableTask__storageProvider__workItemQueueVisibilityTimeout",
  /** Whether the task hub worker waits for running work items when the host stops (DurableTaskOptions.UseGracefulShutdown, default false). */
  useGracefulShutdown: "AzureFunctionsJobHost__extensions__durableTask__useGracefulShutdown",
  /** Arguments the host passes to node ahead of the worker: `--max-old-space-size=<MiB>` sizes the heap. */
  nodeWorkerArguments: "languageWorkers__node__arguments",
} as const;

/** Fixed values for host settings that have exactly one right value for this app. */
export const hostSettingValues = {
  [hostSettingNames.workerRuntime]: "node",
  // On AKS the host drains anyway (it sees KUBERNETES_SERVICE_HOST); App Service needs the setting
  // (azure-functions-host src/WebJobs.Script/Environment/EnvironmentExtensions.cs, DrainOnApplicationStoppingEnabled).
  [hostSettingNames.drainOnAppStopping]: "true",
  // A running activity renews its message every 30 s (durabletask src/DurableTask.Core/TaskActivityDispatcher.cs RenewUntil,
  // AdjustRenewAt), so only a killed worker's message waits for the timeout: 90 s instead of 5 minutes.
  [hostSettingNames.workItemQueueVisibilityTimeout]: "00:01:30",
  // A graceful stop waits up to ~8 s for running work items, a forced one none (durabletask src/DurableTask.Core/WorkItemDispatcher.cs
  // StopAsync; azure-functions-durable-extension src/WebJobs.Extensions.DurableTask/DurableTaskExtension.cs StopTaskHubWorkerIfIdleAsync).
  [hostSettingNames.useGracefulShutdown]: "true",
} as const;

/** App Service settings the image needs when it runs there (the platform reads them, the app does not). */
export const appServiceSettingNames = {
  /** Port App Service forwards to: the image listens on 8080. */
  websitesPort: "WEBSITES_PORT",
  /** Must be "false": App Service storage would mount over /home and hide /home/site/wwwroot. */
  enableAppServiceStorage: "WEBSITES_ENABLE_APP_SERVICE_STORAGE",
  /** The Functions runtime major version App Service starts (https://learn.microsoft.com/azure/azure-functions/functions-app-settings#functions_extension_version). */
  extensionVersion: "FUNCTIONS_EXTENSION_VERSION",
} as const;

export const appServiceSettingValues = {
  [appServiceSettingNames.websitesPort]: "8080",
  [appServiceSettingNames.enableAppServiceStorage]: "false",
  [appServiceSettingNames.extensionVersion]: "~4",
} as const;

/** Set in the image at build time (Dockerfile), reported by /api/health; not app settings. */
export const imageSettingNames = {
  buildNumber: "BUILD_NUMBER",
  sourceVersion: "SOURCE_VERSION",
} as const;

/** The port the container listens on (ASPNETCORE_URLS in the Dockerfile). */
export const containerPort = 8080;
