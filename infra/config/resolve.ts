import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { ConfigError, showValue, type ConfigIssue } from "./configError";
import { environmentDefaults, sharedDefaults } from "./environmentDefaults";
import {
  defaultHostId,
  defaultNames,
  defaultTaskHubName,
  stagingHostId,
  stagingSlotName,
  stagingTaskHubName,
  type NamingContext,
} from "./naming";
import * as rule from "./rules";
import { secretConfigKeys, secretConfigPaths, stackConfigSchema, type StackConfig } from "./schema";
import type { AppServiceSettings, BaseSettings, Environment, Hosting, ImageSource, MonitoringSettings, Settings } from "./settings";
import { networkIssues } from "./networkRules";
import { defaultFor, resolveStackAppSettings, stackAppSettingRows, type StackAppSettingValues } from "./stackAppSettings";
import { defaultTerminationGracePeriodSeconds, preStopSleepSeconds } from "./podLifecycle";
import { buildPathIssues } from "./buildPaths";
import { aksOnlyKeysIn } from "./hostingKeys";
import {
  isReservedNamespace,
  minimumKubernetesMinor,
  newestKubernetesMinor,
  reservedNamespacePrefixes,
  reservedNamespaces,
} from "./platformLimits";
import { compareQuantities, quantityMiB } from "./quantity";
import { hostShareMiB, minimumHeapMiB, minimumWorkerMemoryMiB } from "./workerMemory";

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
  /** The repository (the Pulumi project's folder) build paths are relative to; default: the working directory. */
  root?: string;
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

function resolveAppService(
  config: StackConfig,
  environment: Environment,
  hosting: Hosting,
  durable: Pick<BaseSettings["durable"], "taskHubName" | "hostId">,
): AppServiceSettings {
  const appService = config.appService;
  const env = environmentDefaults[environment];
  const slot = hosting === "appService" && (appService?.stagingSlot ?? env.appServiceStagingSlot);
  return {
    sku: appService?.sku ?? env.appServiceSku,
    minimumInstances: appService?.minimumInstances ?? env.appServiceMinimumInstances,
    functionKeys: appService?.functionKeys ?? false,
    allowedApplications: appService?.allowedApplications ?? [],
    signInIdentity: appService?.signInIdentity,
    customDomain: hosting === "appService" ? config.hostname : undefined,
    stagingSlot: slot
      ? { name: stagingSlotName, taskHubName: stagingTaskHubName(durable.taskHubName), hostId: stagingHostId(durable.hostId) }
      : undefined,
    releaseStage: appService?.releaseStage ?? "production",
  };
}

function resolveDefaults(config: StackConfig, source: ConfigSource, naming: NamingContext): Settings {
  const environment: Environment = config.environment ?? (source.stack === "prod" ? "prod" : "dev");
  const env = environmentDefaults[environment];
  const names = { ...defaultNames(naming), ...config.names };
  const hosting = config.hosting ?? sharedDefaults.hosting;
  const location = config.location ?? source.values["azure-native:location"] ?? sharedDefaults.location;
  const userPool = { ...env.userPool, ...config.aks?.userPool };
  const durable = {
    taskHubName: config.durable?.taskHubName ?? defaultTaskHubName(naming),
    hostId: config.durable?.hostId ?? defaultHostId(naming),
  };
  const base: BaseSettings = {
    project: source.project,
    stack: source.stack,
    environment,
    location,
    hosting,
    hostname: config.hostname ?? (hosting === "appService" ? `${names.functionApp}.azurewebsites.net` : ""),
    tlsCertificateKeyVaultUri: config.tlsCertificateKeyVaultUri,
    // The program's own tags last: config refuses them in `tags`, and they win regardless.
    tags: { ...config.tags, project: source.project, stack: source.stack, environment, "managed-by": "pulumi" },
    names,
    durable,
    storage: {
      sku: config.storage?.sku ?? env.storageSku,
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
    appConfiguration: { sku: config.appConfiguration?.sku ?? env.appConfigurationSku },
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
    appService: resolveAppService(config, environment, hosting, durable),
    auth: config.auth ? { clientId: config.auth.clientId, tenantId: config.auth.tenantId } : undefined,
    monitoring: resolveMonitoring(config, environment),
  };
  const settings = withStackAppSettings(base, resolveStackAppSettings(config, environment));
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

/** The app-settings table's values merged into their config groups (`durable.historyRetentionDays` beside `durable.hostId`). */
function withStackAppSettings(base: BaseSettings, values: StackAppSettingValues): Settings {
  const merged: Record<string, unknown> = { ...base };
  for (const [group, groupValues] of Object.entries(values)) merged[group] = { ...(merged[group] as object | undefined), ...groupValues };
  return merged as Settings;
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
  if (settings.hosting === "aks" && quantityMiB(app.memoryLimit) < minimumWorkerMemoryMiB) {
    add(
      "app.memoryLimit",
      app.memoryLimit,
      `must be at least ${minimumWorkerMemoryMiB}Mi: the Functions host takes about ${hostShareMiB} MiB and the Node worker needs a heap of at least ${minimumHeapMiB} MiB`,
    );
  }
  const [major, minor] = aks.kubernetesVersion ? aks.kubernetesVersion.split(".").map(Number) : [];
  if (major !== undefined && minor !== undefined) {
    if (major !== 1 || minor > newestKubernetesMinor)
      add(
        "aks.kubernetesVersion",
        aks.kubernetesVersion,
        `must be a Kubernetes version AKS offers, 1.${minimumKubernetesMinor} to 1.${newestKubernetesMinor}: no later minor exists on the AKS release calendar (leave it unset for the default)`,
      );
    else if (minor < minimumKubernetesMinor)
      add(
        "aks.kubernetesVersion",
        aks.kubernetesVersion,
        `must be 1.${minimumKubernetesMinor} or later: AKS no longer creates clusters of older minor versions (leave it unset for the default)`,
      );
  }
  if (isReservedNamespace(app.namespace)) {
    add(
      "app.namespace",
      app.namespace,
      `must not be one of ${reservedNamespaces.join(", ")} nor start with ${reservedNamespacePrefixes.join(" or ")}: Kubernetes, the AKS add-ons or this stack own them`,
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
    const groups = settings as unknown as Record<string, Record<string, unknown>>;
    for (const { path, group, key, spec } of stackAppSettingRows.filter((row) => row.spec.fromHostJson)) {
      const hostJsonValue = defaultFor(spec, environment);
      if (groups[group]![key] !== hostJsonValue) add(path, groups[group]![key], `${scaleControllerReads}: ${String(hostJsonValue)}`);
    }
  }
  if (settings.hosting === "appService") {
    for (const [path, value, why] of aksOnlyKeysIn(config)) add(path, value, `applies only with hosting aks: it ${why}`);
    if (config.hostname?.endsWith(".azurewebsites.net"))
      add(
        "hostname",
        config.hostname,
        "is a custom domain on App Service (a name you own, pointed at the site): the site's own azurewebsites.net name needs no setting, leave it unset",
      );
  }
  issues.push(...appServiceIssues(settings, config).map(([path, value, why]) => ({ key: key(path), value: showValue(value), rule: why })));
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
  for (const [path, value, why] of buildPathIssues(settings.image, source.root ?? process.cwd())) add(path, value, why);
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

/** Rules of App Service's sign-in, custom domain and staging slot. */
function appServiceIssues(settings: Settings, config: StackConfig): Array<[string, unknown, string]> {
  const issues: Array<[string, unknown, string]> = [];
  const { auth, appService } = config;
  if (settings.hosting === "appService" && !auth) {
    issues.push([
      "auth",
      undefined,
      "is required when hosting is appService: { clientId, tenantId } of the Entra application App Service authentication signs people in with and accepts tokens for",
    ]);
  }
  // One Entra application per trust level serves both hostings.
  if (settings.hosting === "aks" && auth && config.oauth2Proxy) {
    for (const id of ["clientId", "tenantId"] as const) {
      if (auth[id].toLowerCase() !== config.oauth2Proxy[id].toLowerCase())
        issues.push([
          `auth.${id}`,
          auth[id],
          `must equal oauth2Proxy.${id} (${config.oauth2Proxy[id]}): one Entra application per trust level`,
        ]);
    }
  }
  if (appService?.releaseStage === "staging" && !settings.appService.stagingSlot) {
    issues.push([
      "appService.releaseStage",
      "staging",
      "applies only with hosting appService and appService.stagingSlot on: the staging stage deploys to the staging slot alone",
    ]);
  }
  const customDomain = settings.appService.customDomain;
  // The free managed certificate covers custom domains of up to 64 characters (learn.microsoft.com/azure/app-service/configure-ssl-certificate).
  if (customDomain && customDomain.length > 64) {
    issues.push([
      "hostname",
      customDomain,
      "must be at most 64 characters on App Service: its managed certificate covers no longer custom domain (leave hostname unset for the default host)",
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
