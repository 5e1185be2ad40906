import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { ConfigError, showValue, type ConfigIssue } from "./configError";
import { environmentDefaults, sharedDefaults } from "./environmentDefaults";
import { defaultHostId, defaultNames, defaultTaskHubName, type NamingContext } from "./naming";
import * as rule from "./rules";
import { secretConfigKeys, secretConfigPaths, stackConfigSchema, type StackConfig } from "./schema";
import type { Environment, ImageSource, MonitoringSettings, Settings } from "./settings";
import { appSettingDefaults } from "./appSettingDefaults";
import { networkIssues } from "./networkRules";
import { hostJsonDefaults } from "./hostJsonDefaults";
import { defaultTerminationGracePeriodSeconds, preStopSleepSeconds } from "./podLifecycle";
import { minimumKubernetesMinor, reservedNamespaces } from "./platformLimits";
import { compareQuantities } from "./quantity";

export interface ConfigSource {
  /** The Pulumi organization: deliberately not part of any name, so a stack keeps its names when it moves (naming.ts). */
  organization: string;
  project: string;
  stack: string;
  /** The stack's whole config map as Pulumi hands it over: `<namespace>:<key>` to string (objects as JSON). */
  values: Record<string, string>;
  /** Keys (`<namespace>:<key>`) that the stack file stores as secrets. */
  isSecret(fullKey: string): boolean;
  /** The secret as a Pulumi secret output. */
  secret(key: string): pulumi.Output<string> | undefined;
}

const parseValue = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** Structured stack values arrive as JSON; plain strings that happen to parse (like "dev") stay strings. */
export function readProjectConfig(source: ConfigSource) {
  const prefix = `${source.project}:`;
  const raw: Record<string, unknown> = {};
  for (const [fullKey, text] of Object.entries(source.values)) {
    if (!fullKey.startsWith(prefix)) continue;
    const key = fullKey.slice(prefix.length);
    if ((secretConfigKeys as readonly string[]).includes(key)) continue;
    const parsed = parseValue(text);
    raw[key] = typeof parsed === "object" || typeof parsed === "number" || typeof parsed === "boolean" ? parsed : text;
  }
  return raw;
}

export function zodIssues(project: string, error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    const unknownKeys = issue.code === "unrecognized_keys" ? issue.keys : [];
    const keyPath = unknownKeys.length ? [...path, unknownKeys.join(", ")] : path;
    const secret = (secretConfigPaths as readonly string[]).includes(path.join("."));
    return {
      key: `${project}:${keyPath.join(".") || "(root)"}`,
      value: unknownKeys.length ? "(unknown key)" : secret ? "(hidden)" : showValue(issue.input),
      rule: unknownKeys.length
        ? "is not a setting of this program (check the spelling; see the configuration reference in the README)"
        : issue.message,
    };
  });
}

function resolveImage(config: StackConfig): ImageSource {
  const repository = config.image?.repository ?? sharedDefaults.repository;
  if (config.image?.promoteFrom) return { kind: "promote", repository, fromStack: config.image.promoteFrom, digest: config.image.digest };
  return {
    kind: "build",
    repository,
    context: config.image?.build?.context ?? sharedDefaults.dockerContext,
    dockerfile: config.image?.build?.dockerfile ?? sharedDefaults.dockerfile,
    platform: config.image?.build?.platform ?? sharedDefaults.platform,
    ...(config.image?.digest ? { digest: config.image.digest } : {}),
  };
}

function resolveMonitoring(config: StackConfig, environment: Environment): MonitoringSettings {
  const monitoring = config.monitoring;
  return {
    logRetentionDays: monitoring?.logRetentionDays ?? environmentDefaults[environment].logRetentionDays,
    alertEmail: monitoring?.alertEmail,
    alertWebhookUrl: monitoring?.alertWebhookUrl === undefined ? undefined : pulumi.secret(monitoring.alertWebhookUrl),
    http5xxPercent: monitoring?.http5xxPercent ?? sharedDefaults.http5xxPercent,
    queueBacklogThreshold: monitoring?.queueBacklogThreshold ?? sharedDefaults.queueBacklogThreshold,
    queueWaitMinutes: monitoring?.queueWaitMinutes ?? sharedDefaults.queueWaitMinutes,
  };
}

function resolveDefaults(config: StackConfig, source: ConfigSource, naming: NamingContext): Settings {
  const environment: Environment = config.environment ?? (source.stack === "prod" ? "prod" : "dev");
  const env = environmentDefaults[environment];
  const names = { ...defaultNames(naming), ...config.names };
  const hosting = config.hosting ?? sharedDefaults.hosting;
  const location = config.location ?? source.values["azure-native:location"] ?? sharedDefaults.location;
  const userPool = { ...env.userPool, ...config.aks?.userPool };
  const settings: Settings = {
    project: source.project,
    stack: source.stack,
    environment,
    location,
    hosting,
    hostname: config.hostname ?? (hosting === "appService" ? `${names.functionApp}.azurewebsites.net` : ""),
    tlsCertificateKeyVaultUri: config.tlsCertificateKeyVaultUri,
    tags: { project: source.project, stack: source.stack, environment, "managed-by": "pulumi", ...config.tags },
    names,
    query: { maxRangeDays: config.query?.maxRangeDays ?? appSettingDefaults.queryMaxRangeDays },
    durable: {
      historyRetentionDays: config.durable?.historyRetentionDays ?? env.historyRetentionDays,
      taskHubName: config.durable?.taskHubName ?? defaultTaskHubName(naming),
      hostId: config.durable?.hostId ?? defaultHostId(naming),
      maxConcurrentActivityFunctions: config.durable?.maxConcurrentActivityFunctions ?? hostJsonDefaults.maxConcurrentActivityFunctions,
      maxConcurrentOrchestratorFunctions:
        config.durable?.maxConcurrentOrchestratorFunctions ?? hostJsonDefaults.maxConcurrentOrchestratorFunctions,
      partitionCount: config.durable?.partitionCount ?? hostJsonDefaults.partitionCount,
    },
    storage: {
      sku: config.storage?.sku ?? env.storageSku,
      auditTableName: config.storage?.auditTableName ?? appSettingDefaults.auditTableName,
      blobSoftDeleteDays: config.storage?.blobSoftDeleteDays ?? env.blobSoftDeleteDays,
      sharedKeyAccess: config.storage?.sharedKeyAccess ?? env.sharedKeyAccess,
    },
    network: {
      restrictPublicAccess: config.network?.restrictPublicAccess ?? env.restrictPublicAccess,
      allowedIpRanges: config.network?.allowedIpRanges ?? [],
      storageSubnetIds: config.network?.storageSubnetIds ?? [],
    },
    keyVault: {
      sku: config.keyVault?.sku ?? "standard",
      softDeleteRetentionDays: config.keyVault?.softDeleteRetentionDays ?? env.keyVaultRetentionDays,
      purgeProtection: config.keyVault?.purgeProtection ?? env.purgeProtection,
    },
    appConfiguration: {
      sku: config.appConfiguration?.sku ?? env.appConfigurationSku,
      connectionStringKey: config.appConfiguration?.connectionStringKey ?? appSettingDefaults.connectionStringKey,
      label: config.appConfiguration?.label ?? appSettingDefaults.connectionStringLabel,
    },
    registry: { sku: config.registry?.sku ?? env.registrySku },
    aks: {
      kubernetesVersion: config.aks?.kubernetesVersion,
      skuTier: config.aks?.skuTier ?? env.aksSkuTier,
      zones: config.aks?.zones ?? [...env.zones],
      upgradeChannel: config.aks?.upgradeChannel ?? sharedDefaults.upgradeChannel,
      nodeOsUpgradeChannel: config.aks?.nodeOsUpgradeChannel ?? sharedDefaults.nodeOsUpgradeChannel,
      adminGroupObjectIds: config.aks?.adminGroupObjectIds ?? [],
      systemPool: { ...env.systemPool, ...config.aks?.systemPool },
      userPool: { ...userPool, count: config.aks?.userPool?.count ?? Math.max(userPool.minCount, env.userPool.count) },
    },
    app: {
      namespace: config.app?.namespace ?? sharedDefaults.namespace,
      minReplicas: config.app?.minReplicas ?? env.minReplicas,
      maxReplicas: config.app?.maxReplicas ?? Math.max(env.maxReplicas, config.app?.minReplicas ?? 0),
      cpuRequest: config.app?.cpuRequest ?? sharedDefaults.cpuRequest,
      cpuLimit: config.app?.cpuLimit ?? sharedDefaults.cpuLimit,
      memoryRequest: config.app?.memoryRequest ?? sharedDefaults.memoryRequest,
      memoryLimit: config.app?.memoryLimit ?? sharedDefaults.memoryLimit,
      // The preStop sleep, the host's own stop budget and time to exit (podLifecycle.ts).
      terminationGracePeriodSeconds: config.app?.terminationGracePeriodSeconds ?? defaultTerminationGracePeriodSeconds,
    },
    image: resolveImage(config),
    ingress: { kind: config.ingress?.kind ?? sharedDefaults.ingressKind, keepNginx: config.ingress?.keepNginx ?? false },
    appService: {
      sku: config.appService?.sku ?? env.appServiceSku,
      minimumInstances: config.appService?.minimumInstances ?? env.appServiceMinimumInstances,
    },
    monitoring: resolveMonitoring(config, environment),
  };
  if (hosting === "aks" && config.oauth2Proxy) {
    const secret = source.secret("oauth2ProxyClientSecret");
    if (secret) {
      settings.oauth2Proxy = {
        clientId: config.oauth2Proxy.clientId,
        tenantId: config.oauth2Proxy.tenantId,
        clientSecret: secret,
        allowedEmailDomains: config.oauth2Proxy.allowedEmailDomains ?? [...sharedDefaults.allowedEmailDomains],
        allowedGroups: config.oauth2Proxy.allowedGroups ?? [],
        apiAudience: config.oauth2Proxy.apiAudience ?? config.oauth2Proxy.clientId,
        cookieRefresh: config.oauth2Proxy.cookieRefresh ?? sharedDefaults.cookieRefresh,
        cookieExpire: config.oauth2Proxy.cookieExpire ?? sharedDefaults.cookieExpire,
        chartVersion: config.oauth2Proxy.chartVersion ?? sharedDefaults.oauth2ProxyChartVersion,
        imageTag: config.oauth2Proxy.imageTag ?? sharedDefaults.oauth2ProxyImageTag,
      };
    }
  }
  return settings;
}

/** Derived names pass through the same rules as user-set ones: a long project or stack name fails here, not in Azure. */
const derivedRules: Array<[string, (s: Settings) => string, z.ZodType<string>]> = [
  ["names.resourceGroup", (s) => s.names.resourceGroup, rule.resourceGroupName],
  ["names.storageAccount", (s) => s.names.storageAccount, rule.storageAccountName],
  ["names.keyVault", (s) => s.names.keyVault, rule.keyVaultName],
  ["names.registry", (s) => s.names.registry, rule.registryName],
  ["names.appConfiguration", (s) => s.names.appConfiguration, rule.appConfigurationName],
  ["names.aksCluster", (s) => s.names.aksCluster, rule.resourceName],
  ["names.aksDnsPrefix", (s) => s.names.aksDnsPrefix, rule.aksDnsPrefix],
  ["names.functionApp", (s) => s.names.functionApp, rule.resourceName],
  ["durable.taskHubName", (s) => s.durable.taskHubName, rule.taskHubName],
  ["durable.hostId", (s) => s.durable.hostId, rule.hostId],
];

function crossFieldIssues(settings: Settings, config: StackConfig, source: ConfigSource): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const key = (path: string) => `${source.project}:${path}`;
  const add = (path: string, value: unknown, why: string) => issues.push({ key: key(path), value: showValue(value), rule: why });

  for (const [path, pick, schema] of derivedRules) {
    const result = schema.safeParse(pick(settings));
    if (!result.success)
      add(path, pick(settings), `${result.error.issues[0]!.message} (derived from project and stack; set ${path} to override)`);
  }
  const { app, aks, environment } = settings;
  if (app.maxReplicas < app.minReplicas) add("app.maxReplicas", app.maxReplicas, `must be at least app.minReplicas (${app.minReplicas})`);
  if (aks.userPool.maxCount < aks.userPool.minCount)
    add("aks.userPool.maxCount", aks.userPool.maxCount, `must be at least aks.userPool.minCount (${aks.userPool.minCount})`);
  if (aks.userPool.count < aks.userPool.minCount || aks.userPool.count > aks.userPool.maxCount) {
    add(
      "aks.userPool.count",
      aks.userPool.count,
      `must lie between aks.userPool.minCount (${aks.userPool.minCount}) and aks.userPool.maxCount (${aks.userPool.maxCount})`,
    );
  }
  for (const resource of ["cpu", "memory"] as const) {
    const request = app[`${resource}Request`];
    const limit = app[`${resource}Limit`];
    if (compareQuantities(request, limit) > 0)
      add(
        `app.${resource}Request`,
        request,
        `must not exceed app.${resource}Limit (${limit}): Kubernetes refuses a request above its limit`,
      );
  }
  const minor = aks.kubernetesVersion ? Number(aks.kubernetesVersion.split(".")[1]) : undefined;
  if (minor !== undefined && minor < minimumKubernetesMinor) {
    add(
      "aks.kubernetesVersion",
      aks.kubernetesVersion,
      `must be 1.${minimumKubernetesMinor} or later: AKS no longer creates clusters of older minor versions (leave it unset for the default)`,
    );
  }
  if (reservedNamespaces.includes(app.namespace)) {
    add(
      "app.namespace",
      app.namespace,
      `must not be one of ${reservedNamespaces.join(", ")}: Kubernetes, the AKS add-ons or this stack own them`,
    );
  }
  if (environment === "prod") {
    const atLeastTwo = "must be at least 2 in a prod environment";
    if (app.minReplicas < 2) add("app.minReplicas", app.minReplicas, atLeastTwo);
    if (aks.systemPool.count < 2) add("aks.systemPool.count", aks.systemPool.count, atLeastTwo);
    if (aks.userPool.minCount < 2) add("aks.userPool.minCount", aks.userPool.minCount, atLeastTwo);
    if (settings.appService.minimumInstances < 2) add("appService.minimumInstances", settings.appService.minimumInstances, atLeastTwo);
    if (!settings.keyVault.purgeProtection)
      add("keyVault.purgeProtection", false, "must be true in a prod environment (a deleted vault must stay recoverable)");
  }
  if (app.terminationGracePeriodSeconds <= preStopSleepSeconds) {
    add(
      "app.terminationGracePeriodSeconds",
      app.terminationGracePeriodSeconds,
      `must be longer than the ${preStopSleepSeconds} s preStop sleep, or the host gets no time to drain`,
    );
  }
  if (settings.hosting === "appService") {
    const scaleControllerReads =
      "must equal app/host.json's value on App Service: the Elastic Premium scale controller reads host.json, not app settings (change app/host.json instead)";
    for (const key of ["maxConcurrentActivityFunctions", "maxConcurrentOrchestratorFunctions", "partitionCount"] as const) {
      if (settings.durable[key] !== hostJsonDefaults[key])
        add(`durable.${key}`, settings.durable[key], `${scaleControllerReads}: ${hostJsonDefaults[key]}`);
    }
  }
  if (settings.hosting === "aks") {
    if (!config.hostname)
      add(
        "hostname",
        undefined,
        "is required when hosting is aks: the public DNS name the ingress serves (it also becomes WEBSITE_HOSTNAME)",
      );
    if (!config.oauth2Proxy)
      add(
        "oauth2Proxy",
        undefined,
        "is required when hosting is aks: { clientId, tenantId } of the Entra ID app that OAuth2 Proxy signs users in with",
      );
    issues.push(...ingressIssues(settings, config).map(([path, value, why]) => ({ key: key(path), value: showValue(value), rule: why })));
    const secretKey = `${source.project}:oauth2ProxyClientSecret`;
    if (!(secretKey in source.values)) {
      issues.push({
        key: secretKey,
        value: "(not set)",
        rule: "is required when hosting is aks: run `pulumi config set --secret oauth2ProxyClientSecret <value>`",
      });
    } else if (!source.isSecret(secretKey)) {
      issues.push({
        key: secretKey,
        value: "(hidden)",
        rule: "must be stored as a secret: run `pulumi config set --secret oauth2ProxyClientSecret <value>`",
      });
    }
  }
  issues.push(...networkIssues(settings, source.project));
  issues.push(...monitoringIssues(config, source));
  if (settings.image.kind === "promote" && settings.image.fromStack.split("/")[2] === source.stack) {
    add("image.promoteFrom", settings.image.fromStack, "must name another stack: a stack cannot promote its own image");
  }
  return issues;
}

/** Rules of the public entry on AKS: what NGINX refuses, what prod must restrict, sessions that end. */
function ingressIssues(settings: Settings, config: StackConfig): Array<[string, unknown, string]> {
  const issues: Array<[string, unknown, string]> = [];
  const { ingress } = settings;
  if (ingress.keepNginx && ingress.kind === "nginx")
    issues.push([
      "ingress.keepNginx",
      true,
      "applies only with ingress.kind gatewayApi (it keeps NGINX beside the Gateway during a migration)",
    ]);
  const blocked = rule.nginxBlockedWords(settings.hostname);
  if ((ingress.kind === "nginx" || ingress.keepNginx) && blocked.length) {
    const words = blocked.map((word) => JSON.stringify(word)).join(", ");
    issues.push([
      "hostname",
      settings.hostname,
      `contains ${words}, which the AKS managed NGINX refuses in annotation values (annotation-value-word-blocklist): choose another hostname or use ingress.kind gatewayApi`,
    ]);
  }
  if (ingress.kind === "gatewayApi" && !ingress.keepNginx && settings.tlsCertificateKeyVaultUri) {
    issues.push([
      "tlsCertificateKeyVaultUri",
      settings.tlsCertificateKeyVaultUri,
      "applies only to the NGINX Ingresses: with ingress.kind gatewayApi the Gateway serves the Secret app-gateway/durable-app-tls (see the README, TLS)",
    ]);
  }
  const proxy = config.oauth2Proxy;
  if (settings.environment === "prod" && proxy && !proxy.allowedGroups?.length) {
    issues.push([
      "oauth2Proxy.allowedGroups",
      proxy.allowedGroups,
      "must list at least one Entra ID group object id in a prod environment (authorize on groups, not on email domains)",
    ]);
  }
  const oauth2 = settings.oauth2Proxy;
  if (oauth2 && rule.durationSeconds(oauth2.cookieRefresh) >= rule.durationSeconds(oauth2.cookieExpire)) {
    issues.push([
      "oauth2Proxy.cookieRefresh",
      oauth2.cookieRefresh,
      `must be shorter than oauth2Proxy.cookieExpire (${oauth2.cookieExpire})`,
    ]);
  }
  return issues;
}

function monitoringIssues(config: StackConfig, source: ConfigSource): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const key = (path: string) => `${source.project}:${path}`;
  if (config.monitoring?.alertWebhookUrl !== undefined && !source.isSecret(key("monitoring"))) {
    issues.push({
      key: key("monitoring.alertWebhookUrl"),
      value: "(hidden)",
      rule: "must be stored as a secret (a webhook URL carries its token): run `pulumi config set --secret --path monitoring.alertWebhookUrl <url>`",
    });
  }
  return issues;
}

/** Reads and validates the stack config once; throws ConfigError naming every bad key, value and rule. */
export function resolveSettings(source: ConfigSource): Settings {
  const raw = readProjectConfig(source);
  const parsed = stackConfigSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new ConfigError(source.stack, zodIssues(source.project, parsed.error));
  const naming: NamingContext = { project: source.project, stack: source.stack, suffix: parsed.data.nameSuffix };
  const settings = resolveDefaults(parsed.data, source, naming);
  const issues = crossFieldIssues(settings, parsed.data, source);
  if (issues.length) throw new ConfigError(source.stack, issues);
  return settings;
}
