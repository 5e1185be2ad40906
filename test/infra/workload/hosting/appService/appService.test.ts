import { describe, expect, it } from "vitest";
import { appServiceSettingValues, appSettingNames, hostSettingNames } from "../../../../../app/src/contract/settingNames";
import { digestRef, manifest, ofType, programRun } from "../../../../support/programRuns";
import { only } from "../../../../support/infra";
import { runProgram } from "../../../../../tools/render/runProgram";

type NameValue = { name: string; value: string };
const appSettingsOf = (run: Awaited<ReturnType<typeof programRun>>): NameValue[] =>
  only(run, "azure-native:web:WebApp").inputs.siteConfig.appSettings;

describe.each(["dev", "prod"])("App Service variant of stack %s", (stack) => {
  it("creates no cluster and no Kubernetes object", async () => {
    const run = await programRun(stack, "appService");
    const clusterish = run.resources.filter(
      (resource) =>
        resource.type.startsWith("kubernetes:") ||
        resource.type.startsWith("pulumi:providers:kubernetes") ||
        /containerservice:(ManagedCluster|AgentPool)$/.test(resource.type),
    );
    expect(clusterish).toEqual([]);
    expect(run.outputs.clusterName).toBeUndefined();
  });

  it("runs the same image by digest on a Linux Elastic Premium plan, pulled with the app's managed identity", async () => {
    const run = await programRun(stack, "appService");
    const site = only(run, "azure-native:web:WebApp").inputs;
    expect(site.kind).toBe("functionapp,linux,container");
    expect(site.siteConfig.linuxFxVersion).toBe(`DOCKER|${String(run.outputs.imageRef)}`);
    expect(String(run.outputs.imageRef)).toMatch(digestRef);
    expect(site.siteConfig.acrUseManagedIdentityCreds).toBe(true);
    expect(site.siteConfig.acrUserManagedIdentityID).toBe(run.outputs.identityClientId);
    expect(site.identity.type).toBe("UserAssigned");
    expect(site.keyVaultReferenceIdentity).toBe(site.identity.userAssignedIdentities[0]);
    expect(site.httpsOnly).toBe(true);
    expect(site.siteConfig).toMatchObject({ minTlsVersion: "1.2", ftpsState: "Disabled", healthCheckPath: "/api/health" });
    const plan = only(run, "azure-native:web:AppServicePlan").inputs;
    expect(plan).toMatchObject({ kind: "elastic", reserved: true, sku: { tier: "ElasticPremium" } });
  });

  it("gives the host its storage by identity and holds no key", async () => {
    const run = await programRun(stack, "appService");
    const settings = appSettingsOf(run);
    expect(settings.map((setting) => setting.name)).not.toContain(hostSettingNames.webJobsStorage);
    expect(settings).toContainEqual({ name: hostSettingNames.webJobsStorageCredential, value: "managedidentity" });
    expect(settings.map((setting) => String(setting.value)).join("\n")).not.toMatch(/AccountKey=/);
    // Behind App Service authentication by default (appService.functionKeys off): the sign-in alone guards the routes.
    expect(settings).toContainEqual({ name: appSettingNames.httpAuthLevel, value: "anonymous" });
    expect(settings).toEqual(expect.arrayContaining(Object.entries(appServiceSettingValues).map(([name, value]) => ({ name, value }))));
  });

  it("lets the sign-in guard the API: the app's auth level is anonymous, no function key needed", async () => {
    const run = await programRun(stack, "appService");
    expect(appSettingsOf(run)).toContainEqual({ name: appSettingNames.httpAuthLevel, value: "anonymous" });
  });
});

describe("storage.sharedKeyAccess: true on App Service (the fallback)", () => {
  it("passes the keyed connection string as a Key Vault reference, never as a value", async () => {
    const run = await runProgram({
      stack: "dev",
      config: { hosting: "appService", oauth2Proxy: undefined, storage: { sharedKeyAccess: true } },
    });
    const settings = appSettingsOf(run);
    const storage = settings.find((setting) => setting.name === hostSettingNames.webJobsStorage)!;
    expect(storage.value).toMatch(/^@Microsoft\.KeyVault\(SecretUri=https:\/\/[^)]+\.vault\.azure\.net\/secrets\/[^)]+\)$/);
    expect(settings.map((setting) => String(setting.value)).join("\n")).not.toMatch(/AccountKey=/);
  });
});

describe.each(["dev", "prod"])("App Service hardening and runtime of stack %s", (stack) => {
  it("pins the Functions runtime to ~4, as Microsoft's custom-container setup does", async () => {
    const run = await programRun(stack, "appService");
    expect(appSettingsOf(run)).toContainEqual({ name: "FUNCTIONS_EXTENSION_VERSION", value: "~4" });
  });

  it("keeps remote debugging off", async () => {
    const run = await programRun(stack, "appService");
    expect(only(run, "azure-native:web:WebApp").inputs.siteConfig.remoteDebuggingEnabled).toBe(false);
  });

  it("disables SCM and FTP basic publishing credentials of the site", async () => {
    const run = await programRun(stack, "appService");
    const site = only(run, "azure-native:web:WebApp");
    for (const type of ["azure-native:web:WebAppScmAllowed", "azure-native:web:WebAppFtpAllowed"]) {
      const policy = only(run, type).inputs;
      expect(policy, type).toMatchObject({ allow: false, name: site.inputs.name, resourceGroupName: site.inputs.resourceGroupName });
    }
  });
});

describe("appService.functionKeys: true", () => {
  it("keeps function keys on top of the sign-in: the app's auth level is function", async () => {
    const run = await runProgram({
      stack: "dev",
      config: { hosting: "appService", oauth2Proxy: undefined, appService: { functionKeys: true } },
    });
    expect(appSettingsOf(run)).toContainEqual({ name: appSettingNames.httpAuthLevel, value: "function" });
  });
});

it("on AKS the app is anonymous behind OAuth2 Proxy", async () => {
  const configMap = manifest(await programRun("dev"), "ConfigMap").data as Record<string, string>;
  expect(configMap[appSettingNames.httpAuthLevel]).toBe("anonymous");
});

describe("one settings map, two deliveries", () => {
  it("delivers the same settings on AKS (ConfigMap + Secret) and App Service (app settings)", async () => {
    const [aks, appService] = await Promise.all([programRun("dev"), programRun("dev", "appService")]);
    const configMap = manifest(aks, "ConfigMap").data as Record<string, string>;
    const secret = ofType(aks, "kubernetes:core/v1:Secret").find((item) => item.inputs.metadata.name === "durable-app-secrets")!;
    const aksKeys = [...Object.keys(configMap), ...Object.keys(secret.inputs.stringData.value)].sort();
    const platformOnly = Object.keys(appServiceSettingValues);
    const appServiceKeys = appSettingsOf(appService)
      .map((setting) => setting.name)
      .filter((name) => !platformOnly.includes(name));
    // App Service sets WEBSITE_HOSTNAME itself; everything else is the same map.
    expect([...appServiceKeys, appSettingNames.websiteHostname].sort()).toEqual(aksKeys);
    const valueOn = (name: string) => appSettingsOf(appService).find((setting) => setting.name === name)?.value;
    expect(valueOn(hostSettingNames.taskHubName)).toBe(configMap[hostSettingNames.taskHubName]);
    expect(valueOn(hostSettingNames.hostId)).toBe(configMap[hostSettingNames.hostId]);
  });
});
