// The staging slot: the same image and settings as production but a task hub and a host id of its own, its own
// authentication, the same identities. A new digest reaches it first (appService.releaseStage staging), and production
// only in a second update with the same digest: Pulumi's state always names what each slot runs.
import { describe, expect, it } from "vitest";
import { hostSettingNames } from "../../../../../app/src/contract/settingNames";
import { AzureMocks } from "../../../../support/mockAzure/mocks";
import { ofType, programRun } from "../../../../support/programRuns";
import { only } from "../../../../support/infra";
import { runningProductionImage } from "../../../../../infra/workload/hosting/appService/releaseStage";
import { runProgram, type ProgramRun } from "../../../../../tools/render/runProgram";

const types = {
  site: "azure-native:web:WebApp",
  slot: "azure-native:web:WebAppSlot",
  plan: "azure-native:web:AppServicePlan",
  auth: "azure-native:web:WebAppAuthSettingsV2",
  slotAuth: "azure-native:web:WebAppAuthSettingsV2Slot",
  stickyNames: "azure-native:web:WebAppSlotConfigurationNames",
  scmSlot: "azure-native:web:WebAppScmAllowedSlot",
  ftpSlot: "azure-native:web:WebAppFtpAllowedSlot",
};
const appService = { hosting: "appService", oauth2Proxy: undefined };
type NameValue = { name: string; value: string };
const settingsOf = (resource: { inputs: Record<string, any> }): NameValue[] => resource.inputs.siteConfig.appSettings;
const valueOf = (resource: { inputs: Record<string, any> }, name: string) => settingsOf(resource).find((item) => item.name === name)?.value;
const digest = (char: string) => `sha256:${char.repeat(64)}`;

describe("the staging slot of stack prod (on by default)", () => {
  const prod = () => programRun("prod", "appService");

  it("is a slot of the production site on the same plan, with the same identities and hardening", async () => {
    const run = await prod();
    const site = only(run, types.site).inputs;
    const slot = only(run, types.slot).inputs;
    expect(slot).toMatchObject({ name: site.name, slot: "staging", kind: site.kind, serverFarmId: site.serverFarmId, httpsOnly: true });
    expect(slot.identity).toEqual(site.identity);
    expect(slot.keyVaultReferenceIdentity).toBe(site.keyVaultReferenceIdentity);
    const { appSettings: _slotSettings, linuxFxVersion: _slotImage, ...slotConfig } = slot.siteConfig;
    const { appSettings: _siteSettings, linuxFxVersion: _siteImage, ...siteConfig } = site.siteConfig;
    expect(slotConfig).toEqual(siteConfig);
    expect(only(run, types.slot).options.dependsOn).toContain("app-grants-propagation");
  });

  it("runs production's image while no release is staged", async () => {
    const run = await prod();
    expect(only(run, types.slot).inputs.siteConfig.linuxFxVersion).toBe(only(run, types.site).inputs.siteConfig.linuxFxVersion);
    expect(run.outputs.stagingImageRef).toBe(run.outputs.imageRef);
  });

  it("keeps a task hub and a host id of its own, never production's; every other setting is the same", async () => {
    const run = await prod();
    const site = only(run, types.site);
    const slot = only(run, types.slot);
    const staging = run.settings.appService.stagingSlot!;
    expect(valueOf(slot, hostSettingNames.taskHubName)).toBe(staging.taskHubName);
    expect(valueOf(slot, hostSettingNames.hostId)).toBe(staging.hostId);
    expect(valueOf(site, hostSettingNames.taskHubName)).toBe(run.settings.durable.taskHubName);
    expect(staging.taskHubName.toLowerCase()).not.toBe(run.settings.durable.taskHubName.toLowerCase());
    expect(staging.hostId).not.toBe(run.settings.durable.hostId);
    const own = [hostSettingNames.taskHubName, hostSettingNames.hostId] as string[];
    const rest = (resource: typeof site) => settingsOf(resource).filter((item) => !own.includes(item.name));
    expect(rest(slot)).toEqual(rest(site));
  });

  it("marks its own settings slot-sticky, in case anyone swaps by hand", async () => {
    const run = await prod();
    const sticky = only(run, types.stickyNames).inputs;
    expect(sticky).toMatchObject({ name: only(run, types.site).inputs.name });
    expect(sticky.appSettingNames).toEqual([hostSettingNames.taskHubName, hostSettingNames.hostId]);
  });

  it("signs callers in exactly as production does, with authentication settings of its own", async () => {
    const run = await prod();
    const { slot, ...slotAuth } = only(run, types.slotAuth).inputs;
    expect(slot).toBe("staging");
    expect(slotAuth).toEqual(only(run, types.auth).inputs);
    expect(only(run, types.slotAuth).options.dependsOn).toContain(only(run, types.slot).name);
  });

  it("accepts no basic publishing credentials either", async () => {
    const run = await prod();
    for (const type of [types.scmSlot, types.ftpSlot])
      expect(only(run, type).inputs, type).toMatchObject({ name: only(run, types.site).inputs.name, slot: "staging", allow: false });
  });

  it("is reachable at its own default host", async () => {
    const run = await prod();
    expect(run.outputs.stagingUrl).toBe(`https://${only(run, types.site).inputs.name}-staging.azurewebsites.net/api`);
  });
});

describe("stack dev (no slot unless told)", () => {
  it("has no slot, no slot authentication and no staging output", async () => {
    const run = await programRun("dev", "appService");
    for (const type of [types.slot, types.slotAuth, types.stickyNames, types.scmSlot, types.ftpSlot])
      expect(ofType(run, type), type).toEqual([]);
    expect(run.outputs).not.toHaveProperty("stagingUrl");
    expect(run.outputs).not.toHaveProperty("stagingImageRef");
  });

  it("gets one with appService.stagingSlot: true", async () => {
    const run = await runProgram({ stack: "dev", config: { ...appService, appService: { stagingSlot: true } } });
    expect(only(run, types.slot).inputs.slot).toBe("staging");
  });
});

describe("appService.signInIdentity with a slot", () => {
  it("keeps the federated sign-in setting sticky too", async () => {
    const signInIdentity = {
      resourceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-signin",
      clientId: "51915191-0000-4000-8000-000000000006",
    };
    const run = await runProgram({ stack: "prod", config: { ...appService, appService: { signInIdentity } } });
    expect(only(run, types.stickyNames).inputs.appSettingNames).toContain("OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID");
    expect(valueOf(only(run, types.slot), "OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID")).toBe(signInIdentity.clientId);
  });
});

describe("a release in two updates (appService.releaseStage)", () => {
  const prodStack = "organization/durable-aks/prod";
  const running = `acrprodrunning.azurecr.io/durable-app@${digest("a")}`;
  const stage = async (releaseStage: string, outputs: Record<string, unknown> = { imageRef: running }): Promise<ProgramRun> =>
    runProgram({
      stack: "prod",
      config: { ...appService, image: { digest: digest("b") }, appService: { releaseStage } },
      mocks: new AzureMocks({ stackOutputs: { [prodStack]: outputs } }),
    });

  it("staging: the new digest goes to the slot, production keeps the image it runs (the stack's last imageRef)", async () => {
    const run = await stage("staging");
    const slotImage = only(run, types.slot).inputs.siteConfig.linuxFxVersion as string;
    expect(slotImage).toMatch(new RegExp(`^DOCKER\\|[a-z0-9]+\\.azurecr\\.io/durable-app@${digest("b")}$`));
    expect(only(run, types.site).inputs.siteConfig.linuxFxVersion).toBe(`DOCKER|${running}`);
    expect(run.outputs.imageRef).toBe(running);
    expect(run.outputs.stagingImageRef).toBe(slotImage.slice("DOCKER|".length));
  });

  it("production: the same digest reaches production, and the slot keeps it", async () => {
    const run = await stage("production");
    const slotImage = only(run, types.slot).inputs.siteConfig.linuxFxVersion;
    expect(slotImage).toMatch(new RegExp(`@${digest("b")}$`));
    expect(only(run, types.site).inputs.siteConfig.linuxFxVersion).toBe(slotImage);
    expect(run.outputs.imageRef).toBe(run.outputs.stagingImageRef);
  });

  // An error inside an output fails the update; the function that throws it is tested alone (a failed program run
  // leaves rejected outputs behind in the runtime).
  it("staging on a stack whose production runs nothing yet says what to do; an image not pinned by digest is refused", () => {
    for (const missing of [undefined, ""])
      expect(() => runningProductionImage(missing)).toThrow(
        /appService\.releaseStage staging keeps production on the image it runs, but this stack runs none yet .*releaseStage production/,
      );
    expect(() => runningProductionImage("acrprod.azurecr.io/durable-app:latest")).toThrow(/not pinned by digest/);
    expect(runningProductionImage(running)).toBe(running);
  });
});
