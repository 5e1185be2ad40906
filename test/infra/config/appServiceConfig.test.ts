// The App Service keys: the Entra application it signs people in with, function keys as an option, the staging slot
// and the release stage, a custom domain. Every bad value is refused before anything is created, naming the key.
import { describe, expect, it } from "vitest";
import { ConfigError, resolveSettings, type ConfigSource } from "../../../infra/config";
import { AzureMocks } from "../../support/mockAzure/mocks";
import { runProgram } from "../../../tools/render/runProgram";

const appService = { hosting: "appService", oauth2Proxy: undefined };
/** The ids the committed stack files carry for both oauth2Proxy and auth. */
const placeholder = "00000000-0000-0000-0000-000000000000";
const identityId =
  "/subscriptions/s/resourceGroups/rg-durable-aks-dev/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-signin";

async function refusal(stack: string, config: Record<string, unknown>, key: string) {
  const mocks = new AzureMocks();
  const error = await runProgram({ stack, config, mocks }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, "the program must refuse this config").toBeInstanceOf(ConfigError);
  const issue = (error as ConfigError).issues.find((candidate) => candidate.key === `durable-aks:${key}`);
  expect(issue, `no issue for durable-aks:${key} in:\n${(error as Error).message}`).toBeDefined();
  expect(mocks.resources).toEqual([]);
  return issue!;
}

describe("App Service config refused before anything is created", () => {
  it.each([
    {
      why: "App Service without the Entra application it signs people in with",
      config: { ...appService, auth: undefined },
      key: "auth",
      rule: /required when hosting is appService/,
    },
    {
      why: "a client id that is no GUID",
      config: { ...appService, auth: { clientId: "my-app", tenantId: guid(1) } },
      key: "auth.clientId",
    },
    {
      why: "a tenant id that is no GUID",
      config: { ...appService, auth: { clientId: guid(1), tenantId: "contoso" } },
      key: "auth.tenantId",
    },
    {
      why: "on AKS, an auth application other than OAuth2 Proxy's",
      config: { auth: { clientId: guid(7), tenantId: placeholder } },
      key: "auth.clientId",
      rule: /must equal oauth2Proxy\.clientId/,
    },
    {
      why: "on AKS, an auth tenant other than OAuth2 Proxy's",
      config: { auth: { clientId: placeholder, tenantId: guid(7) } },
      key: "auth.tenantId",
      rule: /must equal oauth2Proxy\.tenantId/,
    },
    {
      why: "function keys that are not a boolean",
      config: { ...appService, appService: { functionKeys: "yes" } },
      key: "appService.functionKeys",
    },
    {
      why: "an allowed application that is no GUID",
      config: { ...appService, appService: { allowedApplications: ["smoke"] } },
      key: "appService.allowedApplications.0",
    },
    {
      why: "a sign-in identity that is no user-assigned identity",
      config: { ...appService, appService: { signInIdentity: { resourceId: "id-signin", clientId: guid(5) } } },
      key: "appService.signInIdentity.resourceId",
    },
    {
      why: "a sign-in identity without its client id",
      config: { ...appService, appService: { signInIdentity: { resourceId: identityId } } },
      key: "appService.signInIdentity.clientId",
    },
    {
      why: "a staging slot that is not a boolean",
      config: { ...appService, appService: { stagingSlot: 1 } },
      key: "appService.stagingSlot",
    },
    {
      why: "a release stage that does not exist",
      config: { ...appService, appService: { releaseStage: "canary" } },
      key: "appService.releaseStage",
    },
    {
      why: "a staging release without a staging slot",
      config: { ...appService, appService: { releaseStage: "staging" } },
      key: "appService.releaseStage",
      rule: /applies only with hosting appService and appService\.stagingSlot on/,
    },
    {
      why: "a staging release on AKS",
      stack: "prod",
      config: { appService: { releaseStage: "staging" } },
      key: "appService.releaseStage",
      rule: /applies only with hosting appService/,
    },
    {
      why: "a custom domain longer than a managed certificate covers",
      config: { ...appService, hostname: `${"a".repeat(60)}.example.com` },
      key: "hostname",
      rule: /at most 64 characters on App Service/,
    },
  ])("$why → names durable-aks:$key", async ({ stack = "dev", config, key, rule }) => {
    const issue = await refusal(stack, config, key);
    if (rule) expect(issue.rule).toMatch(rule);
  });
});

function guid(n: number) {
  return `0000000${n}-0000-4000-8000-00000000000${n}`;
}

function settingsFor(stack: "dev" | "prod", values: Record<string, string> = {}) {
  const source: ConfigSource = {
    organization: "contoso",
    project: "durable-aks",
    stack,
    values: {
      "durable-aks:hosting": "appService",
      "durable-aks:auth": JSON.stringify({ clientId: guid(1), tenantId: guid(2) }),
      ...values,
    },
    isSecret: () => false,
    secret: () => undefined,
  };
  return resolveSettings(source);
}

describe("App Service settings", () => {
  it("sign in with the auth application, without function keys, and allow no extra program unless told", () => {
    const { auth, appService: settings } = settingsFor("dev");
    expect(auth).toEqual({ clientId: guid(1), tenantId: guid(2) });
    expect(settings).toMatchObject({ functionKeys: false, allowedApplications: [], releaseStage: "production" });
    expect(settings.signInIdentity).toBeUndefined();
  });

  it("keep function keys and the sign-in identity when told", () => {
    const { appService: settings } = settingsFor("dev", {
      "durable-aks:appService": JSON.stringify({
        functionKeys: true,
        allowedApplications: [guid(4)],
        signInIdentity: { resourceId: identityId, clientId: guid(5) },
      }),
    });
    expect(settings).toMatchObject({
      functionKeys: true,
      allowedApplications: [guid(4)],
      signInIdentity: { resourceId: identityId, clientId: guid(5) },
    });
  });

  it("have a staging slot in prod and none in dev, unless told otherwise", () => {
    expect(settingsFor("prod").appService.stagingSlot).toBeDefined();
    expect(settingsFor("dev").appService.stagingSlot).toBeUndefined();
    expect(settingsFor("dev", { "durable-aks:appService": '{"stagingSlot":true}' }).appService.stagingSlot).toBeDefined();
    expect(settingsFor("prod", { "durable-aks:appService": '{"stagingSlot":false}' }).appService.stagingSlot).toBeUndefined();
  });

  it("give the slot a task hub and a host id of its own, valid and never production's", () => {
    const { durable, appService: settings } = settingsFor("prod");
    expect(settings.stagingSlot).toEqual({
      name: "staging",
      taskHubName: `${durable.taskHubName}staging`,
      hostId: `${durable.hostId}-staging`,
    });
  });

  it.each([
    ["a hub and a host id at their longest", `H${"a".repeat(44)}`, `${"h".repeat(31)}x`],
    ["a host id whose cut ends in a dash", "hub", `${"a".repeat(23)}-bcdefgh`],
  ])("derive valid slot names from %s", (_why, taskHubName, hostId) => {
    const { durable, appService: settings } = settingsFor("prod", { "durable-aks:durable": JSON.stringify({ taskHubName, hostId }) });
    const slot = settings.stagingSlot!;
    expect(slot.taskHubName).toMatch(/^[a-zA-Z][a-zA-Z0-9]{2,44}$/);
    expect(slot.hostId).toMatch(/^(?=.{1,32}$)[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(slot.taskHubName.toLowerCase()).not.toBe(durable.taskHubName.toLowerCase());
    expect(slot.hostId).not.toBe(durable.hostId);
  });

  it("serve a custom domain only when hostname is set", () => {
    expect(settingsFor("dev").appService.customDomain).toBeUndefined();
    expect(settingsFor("dev", { "durable-aks:hostname": "api.example.com" }).appService.customDomain).toBe("api.example.com");
  });

  it("accept the committed stack files on App Service", async () => {
    for (const stack of ["dev", "prod"] as const) await expect(runProgram({ stack, config: appService })).resolves.toBeDefined();
  });
});
