import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../infra/config";
import { minimumKubernetesMinor } from "../../../infra/config/platformLimits";
import { AzureMocks } from "../../support/mockAzure/mocks";
import { runProgram } from "../../../tools/render/runProgram";
import { sharedRun } from "../../support/programRuns";

interface Malformed {
  why: string;
  stack?: "dev" | "prod";
  /** Overrides of the real stack file (undefined removes a key). */
  config: Record<string, unknown>;
  /** The key the error must name, without the project namespace. */
  key: string;
}

const long = (length: number, char = "a") => char.repeat(length);
const restricted = { restrictPublicAccess: true, allowedIpRanges: ["203.0.113.0/24"] };
const premium = { registry: { sku: "Premium" } };
const networkMalformed: Malformed[] = [
  {
    why: "restricted without any allowed range",
    config: { ...premium, network: { restrictPublicAccess: true } },
    key: "network.allowedIpRanges",
  },
  { why: "restricted on a registry SKU without network rules", config: { network: restricted }, key: "registry.sku" },
  {
    why: "allowed ranges that restrict nothing",
    config: { network: { allowedIpRanges: ["203.0.113.0/24"] } },
    key: "network.allowedIpRanges",
  },
  {
    why: "storage subnets that restrict nothing",
    config: {
      network: { storageSubnetIds: [`/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a`] },
    },
    key: "network.storageSubnetIds",
  },
  {
    why: "a private allowed range",
    config: { ...premium, network: { ...restricted, allowedIpRanges: ["10.0.0.0/8"] } },
    key: "network.allowedIpRanges.0",
  },
  {
    why: "an allowed range that is no CIDR",
    config: { ...premium, network: { ...restricted, allowedIpRanges: ["203.0.113.0/33"] } },
    key: "network.allowedIpRanges.0",
  },
  {
    why: "a storage subnet that is no subnet id",
    config: { ...premium, network: { ...restricted, storageSubnetIds: ["my-subnet"] } },
    key: "network.storageSubnetIds.0",
  },
  {
    why: "restricted on App Service, which reaches Key Vault, the registry and Storage from outbound addresses it is not given",
    config: { ...premium, hosting: "appService", oauth2Proxy: undefined, network: restricted },
    key: "network.restrictPublicAccess",
  },
];
const appService = { hosting: "appService", oauth2Proxy: undefined };

const malformed: Malformed[] = [
  { why: "storage account with capitals", config: { names: { storageAccount: "StDurable01" } }, key: "names.storageAccount" },
  { why: "storage account of 2 characters", config: { names: { storageAccount: "st" } }, key: "names.storageAccount" },
  { why: "storage account of 25 characters", config: { names: { storageAccount: long(25) } }, key: "names.storageAccount" },
  { why: "storage account with a dash", config: { names: { storageAccount: "st-durable" } }, key: "names.storageAccount" },
  { why: "key vault starting with a digit", config: { names: { keyVault: "1kv-durable" } }, key: "names.keyVault" },
  { why: "key vault with a double dash", config: { names: { keyVault: "kv--durable" } }, key: "names.keyVault" },
  { why: "key vault ending in a dash", config: { names: { keyVault: "kv-durable-" } }, key: "names.keyVault" },
  { why: "key vault of 25 characters", config: { names: { keyVault: `kv${long(23)}` } }, key: "names.keyVault" },
  { why: "registry with a dash", config: { names: { registry: "acr-durable" } }, key: "names.registry" },
  { why: "registry of 4 characters", config: { names: { registry: "acr1" } }, key: "names.registry" },
  { why: "registry of 51 characters", config: { names: { registry: long(51) } }, key: "names.registry" },
  { why: "app configuration of 4 characters", config: { names: { appConfiguration: "appc" } }, key: "names.appConfiguration" },
  { why: "app configuration of 51 characters", config: { names: { appConfiguration: long(51) } }, key: "names.appConfiguration" },
  { why: "app configuration with a double dash", config: { names: { appConfiguration: "appcs--durable" } }, key: "names.appConfiguration" },
  { why: "AKS DNS prefix starting with a dash", config: { names: { aksDnsPrefix: "-durable" } }, key: "names.aksDnsPrefix" },
  { why: "AKS DNS prefix of 55 characters", config: { names: { aksDnsPrefix: long(55) } }, key: "names.aksDnsPrefix" },
  { why: "task hub starting with a digit", config: { durable: { taskHubName: "1hub" } }, key: "durable.taskHubName" },
  { why: "task hub with a dash", config: { durable: { taskHubName: "durable-hub" } }, key: "durable.taskHubName" },
  { why: "task hub of 2 characters", config: { durable: { taskHubName: "hb" } }, key: "durable.taskHubName" },
  { why: "task hub of 46 characters", config: { durable: { taskHubName: `h${long(45)}` } }, key: "durable.taskHubName" },
  { why: "host id with capitals", config: { durable: { hostId: "Durable-Dev" } }, key: "durable.hostId" },
  { why: "host id starting with a dash", config: { durable: { hostId: "-durable" } }, key: "durable.hostId" },
  { why: "host id ending in a dash", config: { durable: { hostId: "durable-" } }, key: "durable.hostId" },
  { why: "host id with a double dash", config: { durable: { hostId: "durable--dev" } }, key: "durable.hostId" },
  { why: "host id of 33 characters", config: { durable: { hostId: long(33) } }, key: "durable.hostId" },
  { why: "hosting that is neither aks nor appService", config: { hosting: "kubernetes" }, key: "hosting" },
  { why: "hostname with a space", config: { hostname: "durable dev.example.com" }, key: "hostname" },
  { why: "hostname with capitals", config: { hostname: "Durable.Example.com" }, key: "hostname" },
  { why: "hostname with an empty label", config: { hostname: "durable..example.com" }, key: "hostname" },
  { why: "hostname missing on aks", config: { hostname: undefined }, key: "hostname" },
  { why: "zero replicas", config: { app: { minReplicas: 0 } }, key: "app.minReplicas" },
  { why: "fractional replicas", config: { app: { minReplicas: 1.5 } }, key: "app.minReplicas" },
  { why: "fewer max than min replicas", config: { app: { minReplicas: 3, maxReplicas: 2 } }, key: "app.maxReplicas" },
  {
    why: "autoscaling bounds on the fixed-size system pool",
    config: { aks: { systemPool: { minCount: 1 } } },
    key: "aks.systemPool.minCount",
  },
  { why: "zero system nodes", config: { aks: { systemPool: { count: 0 } } }, key: "aks.systemPool.count" },
  { why: "node count as text", config: { aks: { userPool: { minCount: "two" } } }, key: "aks.userPool.minCount" },
  { why: "fewer max than min user nodes", config: { aks: { userPool: { minCount: 3, maxCount: 2 } } }, key: "aks.userPool.maxCount" },
  { why: "an availability zone that does not exist", config: { aks: { zones: ["4"] } }, key: "aks.zones.0" },
  { why: "prod with one replica", stack: "prod", config: { app: { minReplicas: 1 } }, key: "app.minReplicas" },
  { why: "prod with one system node", stack: "prod", config: { aks: { systemPool: { count: 1 } } }, key: "aks.systemPool.count" },
  { why: "prod with one user node", stack: "prod", config: { aks: { userPool: { minCount: 1 } } }, key: "aks.userPool.minCount" },
  {
    why: "prod on one App Service instance",
    stack: "prod",
    config: { ...appService, appService: { minimumInstances: 1 } },
    key: "appService.minimumInstances",
  },
  {
    why: "prod without purge protection",
    stack: "prod",
    config: { keyVault: { purgeProtection: false } },
    key: "keyVault.purgeProtection",
  },
  { why: "image both built and promoted", config: { image: { promoteFrom: "organization/durable-aks/prod" } }, key: "image" },
  { why: "promotion from something that is no stack", stack: "prod", config: { image: { promoteFrom: "dev" } }, key: "image.promoteFrom" },
  {
    why: "prod promoting its own image",
    stack: "prod",
    config: { image: { promoteFrom: "organization/durable-aks/prod" } },
    key: "image.promoteFrom",
  },
  { why: "a misspelt key", config: { hostnmae: "durable.example.com" }, key: "hostnmae" },
  { why: "an unknown environment", config: { environment: "staging" }, key: "environment" },
  { why: "a region with a space", config: { location: "West Europe" }, key: "location" },
  { why: "OAuth2 Proxy secret missing on aks", config: { oauth2ProxyClientSecret: undefined }, key: "oauth2ProxyClientSecret" },
  { why: "OAuth2 Proxy secret in plain text", config: { oauth2ProxyClientSecret: "hunter2" }, key: "oauth2ProxyClientSecret" },
  { why: "OAuth2 Proxy settings missing on aks", config: { oauth2Proxy: undefined }, key: "oauth2Proxy" },
  { why: "OAuth2 Proxy client id that is no GUID", config: { oauth2Proxy: { clientId: "my-app" } }, key: "oauth2Proxy.clientId" },
  { why: "OAuth2 Proxy release with known auth bypasses", config: { oauth2Proxy: { imageTag: "v7.15.2" } }, key: "oauth2Proxy.imageTag" },
  { why: "a user pool count outside its autoscaling range", config: { aks: { userPool: { count: 9 } } }, key: "aks.userPool.count" },
  { why: "blob soft delete of 0 days", config: { storage: { blobSoftDeleteDays: 0 } }, key: "storage.blobSoftDeleteDays" },
  { why: "vault retention below 7 days", config: { keyVault: { softDeleteRetentionDays: 5 } }, key: "keyVault.softDeleteRetentionDays" },
  { why: "App Configuration label with a comma", config: { appConfiguration: { label: "a,b" } }, key: "appConfiguration.label" },
  { why: "admin group that is no GUID", config: { aks: { adminGroupObjectIds: ["admins"] } }, key: "aks.adminGroupObjectIds.0" },
  { why: "name suffix with capitals", config: { nameSuffix: "AB12" }, key: "nameSuffix" },
  { why: "shared-key switch as text", config: { storage: { sharedKeyAccess: "yes" } }, key: "storage.sharedKeyAccess" },
  ...networkMalformed,
  { why: "a CPU request above its limit", config: { app: { cpuRequest: "1500m", cpuLimit: "1" } }, key: "app.cpuRequest" },
  { why: "a memory request above its limit", config: { app: { memoryRequest: "2Gi", memoryLimit: "1536Mi" } }, key: "app.memoryRequest" },
  { why: "a Kubernetes version AKS no longer offers", config: { aks: { kubernetesVersion: "1.29" } }, key: "aks.kubernetesVersion" },
  { why: "a retired Kubernetes version with a patch", config: { aks: { kubernetesVersion: "1.30.7" } }, key: "aks.kubernetesVersion" },
  { why: "the app in kube-system", config: { app: { namespace: "kube-system" } }, key: "app.namespace" },
  { why: "the app in the app routing add-on's namespace", config: { app: { namespace: "app-routing-system" } }, key: "app.namespace" },
  {
    why: "the app in the namespace the stack creates for OAuth2 Proxy",
    config: { app: { namespace: "oauth2-proxy" } },
    key: "app.namespace",
  },
  { why: "the app in the default namespace", config: { app: { namespace: "default" } }, key: "app.namespace" },
  {
    why: "the app in the namespace the stack creates for the Gateway",
    config: { app: { namespace: "app-gateway" } },
    key: "app.namespace",
  },
  { why: "an ingress kind that does not exist", config: { ingress: { kind: "traefik" } }, key: "ingress.kind" },
  { why: "keeping NGINX beside NGINX", config: { ingress: { kind: "nginx", keepNginx: true } }, key: "ingress.keepNginx" },
  {
    why: "prod open to every signed-in user (no allowed groups)",
    stack: "prod",
    config: { oauth2Proxy: { allowedGroups: undefined } },
    key: "oauth2Proxy.allowedGroups",
  },
  { why: "a bearer audience that is no GUID", config: { oauth2Proxy: { apiAudience: "my-api" } }, key: "oauth2Proxy.apiAudience" },
  { why: "a cookie lifetime without unit", config: { oauth2Proxy: { cookieExpire: "8" } }, key: "oauth2Proxy.cookieExpire" },
  { why: "a cookie refresh of zero", config: { oauth2Proxy: { cookieRefresh: "0s" } }, key: "oauth2Proxy.cookieRefresh" },
  {
    why: "a session refreshed no sooner than it expires",
    config: { oauth2Proxy: { cookieRefresh: "8h", cookieExpire: "8h" } },
    key: "oauth2Proxy.cookieRefresh",
  },
  {
    why: "a Key Vault certificate the Gateway cannot serve",
    config: { tlsCertificateKeyVaultUri: "https://kv-certs.vault.azure.net/certificates/app" },
    key: "tlsCertificateKeyVaultUri",
  },
  {
    why: "a hostname the managed NGINX refuses",
    config: { ingress: { kind: "nginx" }, hostname: "allocation.example.com" },
    key: "hostname",
  },
  {
    why: "log retention below the 30 days a workspace keeps anyway",
    config: { monitoring: { logRetentionDays: 7 } },
    key: "monitoring.logRetentionDays",
  },
  { why: "alert e-mail that is no address", config: { monitoring: { alertEmail: "oncall" } }, key: "monitoring.alertEmail" },
  { why: "a 5xx threshold of 0 percent", config: { monitoring: { http5xxPercent: 0 } }, key: "monitoring.http5xxPercent" },
  {
    why: "alert webhook in plain text",
    config: { monitoring: { alertWebhookUrl: "https://hooks.example.com/services/T0/B0/token" } },
    key: "monitoring.alertWebhookUrl",
  },
];

describe("malformed stack config stops the program before anything is created", () => {
  it("covers at least 30 cases", () => expect(malformed.length).toBeGreaterThanOrEqual(30));

  it.each(malformed)("$why → names durable-aks:$key", async ({ stack = "dev", config, key }) => {
    const mocks = new AzureMocks();
    const error = await runProgram({ stack, config, mocks }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error, "the program must refuse this config").toBeInstanceOf(ConfigError);
    const issue = (error as ConfigError).issues.find((candidate) => candidate.key === `durable-aks:${key}`);
    expect(issue, `no issue for durable-aks:${key} in:\n${(error as Error).message}`).toBeDefined();
    expect(issue!.rule.length).toBeGreaterThan(5);
    expect((error as Error).message).toContain(`durable-aks:${key} = ${issue!.value}: ${issue!.rule}`);
    expect(mocks.resources).toEqual([]);
    expect(mocks.calls).toEqual([]);
  });

  it("shows the offending value, but never a secret's", async () => {
    const mocks = new AzureMocks();
    const error = (await runProgram({
      stack: "dev",
      config: { names: { storageAccount: "Bad-Name" }, oauth2ProxyClientSecret: "hunter2" },
      mocks,
    }).catch((thrown: unknown) => thrown)) as ConfigError;
    expect(error.message).toContain('durable-aks:names.storageAccount = "Bad-Name": must be 3-24 lowercase letters or digits');
    expect(error.message).not.toContain("hunter2");
  });

  it("never shows a webhook URL, not even a malformed one", async () => {
    const error = (await runProgram({
      stack: "dev",
      config: { monitoring: { alertWebhookUrl: "http://hooks.example.com/token-123" } },
    }).catch((thrown: unknown) => thrown)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain("durable-aks:monitoring.alertWebhookUrl = (hidden)");
    expect(error.message).not.toContain("token-123");
  });
});

describe("valid stack config", () => {
  it("accepts the committed stack files as they are", async () => {
    for (const stack of ["dev", "prod"]) await expect(sharedRun(stack)).resolves.toBeDefined();
  });

  it("accepts a request equal to its limit in other units, and a supported Kubernetes version", async () => {
    const { settings } = await runProgram({
      stack: "dev",
      config: {
        app: { cpuRequest: "1000m", cpuLimit: "1", memoryRequest: "1024Mi", memoryLimit: "1Gi" },
        aks: { kubernetesVersion: `1.${minimumKubernetesMinor}` },
      },
    });
    expect(settings.app).toMatchObject({ cpuRequest: "1000m", memoryRequest: "1024Mi" });
    expect(settings.aks.kubernetesVersion).toBe(`1.${minimumKubernetesMinor}`);
  });

  it("lets overrides win over derived defaults", async () => {
    const { settings } = await runProgram({
      stack: "dev",
      config: {
        durable: { taskHubName: "MyHub01", hostId: "my-host" },
        names: { storageAccount: "stmine01" },
        appConfiguration: { label: "custom" },
      },
    });
    expect(settings.durable).toMatchObject({ taskHubName: "MyHub01", hostId: "my-host" });
    expect(settings.names.storageAccount).toBe("stmine01");
    expect(settings.appConfiguration.label).toBe("custom");
  });

  it("takes a webhook URL set with --secret --path and keeps it a Pulumi secret", async () => {
    const { settings } = await sharedRun("dev", { monitoring: { alertWebhookUrl: { secure: "v1:ciphertext" } } });
    expect(pulumi.Output.isInstance(settings.monitoring.alertWebhookUrl)).toBe(true);
    expect(await pulumi.isSecret(settings.monitoring.alertWebhookUrl!)).toBe(true);
  });

  it("keeps logs 30 days in dev and 90 in prod unless told otherwise", async () => {
    expect((await sharedRun("dev")).settings.monitoring.logRetentionDays).toBe(30);
    expect((await sharedRun("prod")).settings.monitoring.logRetentionDays).toBe(90);
    expect((await sharedRun("dev", { monitoring: { logRetentionDays: 60 } })).settings.monitoring.logRetentionDays).toBe(60);
  });
});
