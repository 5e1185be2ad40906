import { describe, expect, it } from "vitest";
import { resolveSettings, type ConfigSource } from "../../../infra/config";
import * as rule from "../../../infra/config/rules";

/** App Service signs people in with an Entra application: any will do for names. */
const signInApplication = JSON.stringify({
  clientId: "00000000-0000-0000-0000-000000000001",
  tenantId: "00000000-0000-0000-0000-000000000002",
});

// Defaults derive from project and stack only: deterministic, different per stack, stable across backends, valid for any length.
function settingsFor(organization: string, project: string, stack: string) {
  const source: ConfigSource = {
    organization,
    project,
    stack,
    values: { [`${project}:hosting`]: "appService", [`${project}:auth`]: signInApplication },
    isSecret: () => false,
    secret: () => undefined,
  };
  return resolveSettings(source);
}

const globallyUnique = ["storageAccount", "keyVault", "registry", "appConfiguration", "functionApp"] as const;

describe("derived defaults", () => {
  it("are the same every time for the same organization, project and stack", () => {
    expect(settingsFor("contoso", "durable-aks", "dev")).toEqual(settingsFor("contoso", "durable-aks", "dev"));
  });

  it("give each stack its own task hub, host id and Azure names", () => {
    const dev = settingsFor("contoso", "durable-aks", "dev");
    const prod = settingsFor("contoso", "durable-aks", "prod");
    expect(dev.durable.taskHubName).not.toBe(prod.durable.taskHubName);
    expect(dev.durable.hostId).not.toBe(prod.durable.hostId);
    for (const name of [...globallyUnique, "resourceGroup", "aksCluster"] as const)
      expect(dev.names[name], name).not.toBe(prod.names[name]);
  });

  it("stay the same when the stack moves to another organization or backend (a new storage account name would replace the data)", () => {
    const before = settingsFor("contoso", "durable-aks", "prod");
    const after = settingsFor("fabrikam", "durable-aks", "prod");
    expect(after.names).toEqual(before.names);
    expect(after.durable).toEqual(before.durable);
  });

  it("keep the names an existing stack already has when nameSuffix is set to its old suffix", () => {
    const source: ConfigSource = {
      organization: "anyone",
      project: "durable-aks",
      stack: "prod",
      values: { "durable-aks:hosting": "appService", "durable-aks:auth": signInApplication, "durable-aks:nameSuffix": "k3x9q2" },
      isSecret: () => false,
      secret: () => undefined,
    };
    const { names } = resolveSettings(source);
    for (const name of globallyUnique) expect(names[name], name).toMatch(/k3x9q2$/);
  });

  it.each([
    ["a one-letter project", "x", "d"],
    ["long project and stack names", "an-extremely-long-project-name-for-durable-functions", "feature-branch-with-a-really-long-name-2025"],
    ["digits first and odd characters", "42_Durable.Project", "9--Stack__Name"],
  ])("fit every naming rule for %s", (_why, project, stack) => {
    const { names, durable } = settingsFor("organization", project, stack);
    expect(names.storageAccount).toMatch(/^[a-z0-9]{3,24}$/);
    expect(rule.storageAccountName.safeParse(names.storageAccount).success).toBe(true);
    expect(rule.keyVaultName.safeParse(names.keyVault).success).toBe(true);
    expect(rule.registryName.safeParse(names.registry).success).toBe(true);
    expect(rule.appConfigurationName.safeParse(names.appConfiguration).success).toBe(true);
    expect(rule.aksDnsPrefix.safeParse(names.aksDnsPrefix).success).toBe(true);
    expect(durable.taskHubName).toMatch(/^[a-zA-Z][a-zA-Z0-9]{2,44}$/);
    expect(durable.hostId).toMatch(/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/);
    expect(durable.hostId).not.toContain("--");
  });

  it("keep long names unique per stack even after truncation", () => {
    const project = "an-extremely-long-project-name-for-durable-functions";
    const a = settingsFor("organization", project, "feature-branch-number-one-with-a-long-name");
    const b = settingsFor("organization", project, "feature-branch-number-two-with-a-long-name");
    expect(a.durable.taskHubName).not.toBe(b.durable.taskHubName);
    expect(a.durable.hostId).not.toBe(b.durable.hostId);
    for (const name of [...globallyUnique, "resourceGroup"] as const) expect(a.names[name], name).not.toBe(b.names[name]);
  });

  it("keep resource groups apart when only the end of a very long stack name differs", () => {
    const project = long(60);
    const a = settingsFor("organization", project, `${long(40, "s")}-one`);
    const b = settingsFor("organization", project, `${long(40, "s")}-two`);
    expect(a.names.resourceGroup).not.toBe(b.names.resourceGroup);
    expect(a.names.resourceGroup.length).toBeLessThanOrEqual(90);
  });
});

function long(length: number, char = "p") {
  return char.repeat(length);
}
