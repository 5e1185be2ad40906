// App Service authentication (authsettingsV2) with the same trust model as OAuth2 Proxy on AKS: people sign in with the
// trust level's Entra application, programs send bearer tokens for its audience, the health path stays open, and the
// application's `access` role (appRoleAssignmentRequired, assigned by the bootstrap) decides who gets a token at all.
import { describe, expect, it } from "vitest";
import { programRun } from "../../../../support/programRuns";
import { only } from "../../../../support/infra";
import { runProgram, type ProgramRun } from "../../../../../tools/render/runProgram";

const authSettingsType = "azure-native:web:WebAppAuthSettingsV2";
const azureCliClientId = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
const ficSetting = "OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID";
const smokeClientId = "5e5e5e5e-0000-4000-8000-000000000005";
const signInIdentity = {
  resourceId:
    "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-durable-aks-dev/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-durable-aks-dev-signin",
  clientId: "51915191-0000-4000-8000-000000000006",
};

type NameValue = { name: string; value: string };
const appSettingsOf = (run: ProgramRun): NameValue[] => only(run, "azure-native:web:WebApp").inputs.siteConfig.appSettings;

describe.each(["dev", "prod"])("App Service authentication of stack %s", (stack) => {
  const authOf = async () => {
    const run = await programRun(stack, "appService");
    return { run, auth: only(run, authSettingsType), site: only(run, "azure-native:web:WebApp") };
  };

  it("is on for the production site and needs a signed-in caller everywhere but the health path", async () => {
    const { auth, site } = await authOf();
    expect(auth.inputs).toMatchObject({ name: site.inputs.name, resourceGroupName: site.inputs.resourceGroupName });
    expect(auth.inputs.platform).toEqual({ enabled: true });
    expect(auth.inputs.globalValidation).toEqual({
      requireAuthentication: true,
      unauthenticatedClientAction: "Return401",
      excludedPaths: ["/api/health"],
    });
    expect(auth.inputs.httpSettings).toEqual({ requireHttps: true });
    expect(auth.options.dependsOn).toContain(site.name);
  });

  it("signs people in with the trust level's Entra application at its tenant's v2 issuer", async () => {
    const { run, auth } = await authOf();
    const { clientId, tenantId } = run.settings.auth!;
    const entra = auth.inputs.identityProviders.azureActiveDirectory;
    expect(entra.enabled).toBe(true);
    expect(entra.registration).toEqual({ clientId, openIdIssuer: `https://login.microsoftonline.com/${tenantId}/v2.0` });
    expect(Object.keys(auth.inputs.identityProviders)).toEqual(["azureActiveDirectory"]);
  });

  it("accepts access tokens for the API's audience from the application itself and the Azure CLI, nobody else by default", async () => {
    const { run, auth } = await authOf();
    const { clientId } = run.settings.auth!;
    const { validation } = auth.inputs.identityProviders.azureActiveDirectory;
    expect(validation.allowedAudiences).toEqual([`api://${clientId}`, clientId]);
    expect(validation.defaultAuthorizationPolicy).toEqual({ allowedApplications: [clientId, azureCliClientId] });
  });

  it("without a sign-in identity: no client secret, ID-token sign-in, nothing in the token store", async () => {
    const { run, auth } = await authOf();
    expect(auth.inputs.identityProviders.azureActiveDirectory.registration).not.toHaveProperty("clientSecretSettingName");
    expect(auth.inputs.identityProviders.azureActiveDirectory.login).toBeUndefined();
    expect(auth.inputs.login).toEqual({ tokenStore: { enabled: false } });
    expect(appSettingsOf(run).map((setting) => setting.name)).not.toContain(ficSetting);
    expect(JSON.stringify(auth.inputs)).not.toMatch(/clientSecret/);
  });
});

describe("App Service authentication with appService.signInIdentity (the secretless code flow)", () => {
  const signedIn = () =>
    runProgram({
      stack: "dev",
      config: { hosting: "appService", oauth2Proxy: undefined, appService: { signInIdentity, allowedApplications: [smokeClientId] } },
    });

  it("redeems codes with the federated identity: its client id in the setting the sign-in reads, the identity on the site", async () => {
    const run = await signedIn();
    const auth = only(run, authSettingsType);
    const site = only(run, "azure-native:web:WebApp");
    expect(auth.inputs.identityProviders.azureActiveDirectory.registration.clientSecretSettingName).toBe(ficSetting);
    expect(appSettingsOf(run)).toContainEqual({ name: ficSetting, value: signInIdentity.clientId });
    expect(site.inputs.identity.userAssignedIdentities).toContain(signInIdentity.resourceId);
    // The app's own identity still resolves Key Vault references and pulls the image.
    expect(site.inputs.keyVaultReferenceIdentity).not.toBe(signInIdentity.resourceId);
    expect(site.inputs.keyVaultReferenceIdentity).toBe(site.inputs.identity.userAssignedIdentities[0]);
    expect(site.inputs.siteConfig.acrUserManagedIdentityID).toBe(run.outputs.identityClientId);
  });

  it("asks for an access token to the API at sign-in and keeps it in the token store for the app", async () => {
    const run = await signedIn();
    const auth = only(run, authSettingsType);
    const { clientId } = run.settings.auth!;
    expect(auth.inputs.identityProviders.azureActiveDirectory.login).toEqual({
      loginParameters: [`scope=openid profile email offline_access api://${clientId}/access_as_user`],
    });
    expect(auth.inputs.login).toEqual({ tokenStore: { enabled: true } });
  });

  it("lets the configured programs call too", async () => {
    const run = await signedIn();
    const { clientId } = run.settings.auth!;
    const policy = only(run, authSettingsType).inputs.identityProviders.azureActiveDirectory.validation.defaultAuthorizationPolicy;
    expect(policy.allowedApplications).toEqual([clientId, azureCliClientId, smokeClientId]);
  });
});
