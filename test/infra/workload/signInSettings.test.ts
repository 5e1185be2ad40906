// The app validates approvers' tokens itself: both hostings get the tenant and the API's client id from the stack's
// sign-in config, through the one app-settings map.
import { describe, expect, it } from "vitest";
import { appSettingNames } from "../../../app/src/contract/settingNames";
import { only } from "../../support/infra";
import { manifest, sharedRun } from "../../support/programRuns";

type Run = Awaited<ReturnType<typeof sharedRun>>;

function delivered(run: Run): Record<string, string> {
  if (run.settings.hosting === "aks") return manifest(run, "ConfigMap").data as Record<string, string>;
  const site = only(run, "azure-native:web:WebApp").inputs.siteConfig.appSettings as Array<{ name: string; value: string }>;
  return Object.fromEntries(site.map((setting) => [setting.name, setting.value]));
}

const tenantId = "7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b";
const clientId = "3f2e1d0c-9b8a-4f7e-8d6c-5b4a3f2e1d0c";
const otherApi = "6e5d4c3b-2a19-4f08-9e7d-6c5b4a392817";
const signIn = { auth: { clientId, tenantId }, oauth2Proxy: { clientId, tenantId } };

describe.each(["dev", "prod"])("AuthTenantId and AuthAudience (stack %s)", (stack) => {
  it("AKS: the tenant and OAuth2 Proxy's API audience (its client id unless apiAudience says otherwise)", async () => {
    const run = await sharedRun(stack, { oauth2Proxy: { ...signIn.oauth2Proxy, allowedGroups: [tenantId] }, auth: undefined });
    expect(delivered(run)).toMatchObject({ [appSettingNames.authTenantId]: tenantId, [appSettingNames.authAudience]: clientId });
  });

  it("AKS with oauth2Proxy.apiAudience: that audience, the one OAuth2 Proxy accepts bearer tokens for", async () => {
    const run = await sharedRun(stack, {
      ...signIn,
      oauth2Proxy: { ...signIn.oauth2Proxy, allowedGroups: [tenantId], apiAudience: otherApi },
    });
    expect(delivered(run)).toMatchObject({ [appSettingNames.authTenantId]: tenantId, [appSettingNames.authAudience]: otherApi });
  });

  it("App Service: the auth application's tenant and client id", async () => {
    const run = await sharedRun(stack, { hosting: "appService", auth: signIn.auth });
    expect(delivered(run)).toMatchObject({ [appSettingNames.authTenantId]: tenantId, [appSettingNames.authAudience]: clientId });
  });
});
