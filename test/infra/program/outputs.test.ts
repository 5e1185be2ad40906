import { beforeAll, describe, expect, it } from "vitest";
import { runProgram, type ProgramRun } from "../../../tools/render/runProgram";
import { sharedRun } from "../../support/programRuns";

// The stack outputs name what a user needs next.
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const runs: Record<string, ProgramRun> = {};
beforeAll(async () => {
  runs.aks = await sharedRun("dev");
  runs.appService = await runProgram({ stack: "dev", config: { hosting: "appService", oauth2Proxy: undefined, hostname: undefined } });
});

describe.each(["aks", "appService"])("stack outputs with hosting %s", (hosting) => {
  const run = () => runs[hosting]!;

  it("name the resource group, registry, vault, App Configuration and storage", () => {
    const { names } = run().settings;
    expect(run().outputs).toMatchObject({
      resourceGroupName: names.resourceGroup,
      registryName: names.registry,
      registryLoginServer: `${names.registry}.azurecr.io`,
      keyVaultUri: `https://${names.keyVault}.vault.azure.net/`,
      appConfigurationEndpoint: `https://${names.appConfiguration}.azconfig.io`,
      storageAccountName: names.storageAccount,
    });
  });

  it("name the task hub, host id, hosting, hostname and the app identity's client id", () => {
    const { durable, hostname } = run().settings;
    expect(run().outputs).toMatchObject({ taskHubName: durable.taskHubName, hostId: durable.hostId, hosting, hostname });
    expect(hostname).not.toBe("");
    expect(run().outputs.identityClientId).toMatch(guid);
  });

  it("name the cluster only when there is one", () => {
    if (hosting === "aks") expect(run().outputs.clusterName).toBe(run().settings.names.aksCluster);
    else expect(run().outputs).not.toHaveProperty("clusterName");
  });
});

it("App Service without a hostname of its own serves the site's default host", () => {
  expect(runs.appService!.outputs.hostname).toBe(`${runs.appService!.settings.names.functionApp}.azurewebsites.net`);
});
