import { beforeAll, describe, expect, it } from "vitest";
import { runProgram, type ProgramRun } from "../../../tools/render/runProgram";
import { only, plainInputs, types } from "../../support/infra";
import { sharedRun } from "../../support/programRuns";

// The network option: off by default, firewalls and authorized ranges when switched on.
const subnet =
  "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/app";
const restricted = { restrictPublicAccess: true, allowedIpRanges: ["203.0.113.0/24", "198.51.100.7/32"] };

describe.each(["dev", "prod"] as const)("%s stack as committed: public endpoints, Entra ID only", (stack) => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await sharedRun(stack);
  });

  it("spells out open firewalls and no API server ranges, so switching the option off reopens them", () => {
    const open = { defaultAction: "Allow", bypass: "AzureServices" };
    expect(run.settings.network).toEqual({ restrictPublicAccess: false, allowedIpRanges: [], storageSubnetIds: [] });
    expect(plainInputs(only(run, types.storageAccount)).networkRuleSet).toEqual(open);
    expect(plainInputs(only(run, types.vault)).properties.networkAcls).toEqual(open);
    // Basic and Standard registries take no network rules at all.
    expect(plainInputs(only(run, types.registry)).networkRuleSet).toBeUndefined();
    expect(plainInputs(only(run, types.cluster)).apiServerAccessProfile).toEqual({ authorizedIPRanges: [] });
  });
});

describe("network.restrictPublicAccess on prod, with storage subnets", () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runProgram({
      stack: "prod",
      config: { registry: { sku: "Premium" }, network: { ...restricted, storageSubnetIds: [subnet] } },
    });
  });

  it("AKS answers only the allowed ranges", () => {
    expect(plainInputs(only(run, types.cluster)).apiServerAccessProfile).toEqual({ authorizedIPRanges: restricted.allowedIpRanges });
  });

  it("Storage denies by default, admits the ranges (single addresses bare), the subnets and trusted Azure services", () => {
    expect(plainInputs(only(run, types.storageAccount)).networkRuleSet).toEqual({
      defaultAction: "Deny",
      bypass: "AzureServices",
      ipRules: [
        { iPAddressOrRange: "203.0.113.0/24", action: "Allow" },
        { iPAddressOrRange: "198.51.100.7", action: "Allow" },
      ],
      virtualNetworkRules: [{ virtualNetworkResourceId: subnet, action: "Allow" }],
    });
  });

  it("Key Vault and the registry deny by default, admit the ranges and trusted Azure services", () => {
    expect(plainInputs(only(run, types.vault)).properties.networkAcls).toEqual({
      defaultAction: "Deny",
      bypass: "AzureServices",
      ipRules: restricted.allowedIpRanges.map((value) => ({ value })),
    });
    expect(plainInputs(only(run, types.registry))).toMatchObject({
      sku: { name: "Premium" },
      networkRuleBypassOptions: "AzureServices",
      networkRuleSet: {
        defaultAction: "Deny",
        ipRules: restricted.allowedIpRanges.map((range) => ({ iPAddressOrRange: range, action: "Allow" })),
      },
    });
  });

  it("leaves App Configuration public: azure-native 3.28 offers it no IP rules, only public access on/off", () => {
    expect(plainInputs(only(run, types.configurationStore)).publicNetworkAccess).toBeUndefined();
  });
});

describe("network.restrictPublicAccess without storage subnets", () => {
  it("keeps Storage on its public endpoint: same-region IP rules would lock the app out", async () => {
    const run = await runProgram({ stack: "dev", config: { registry: { sku: "Premium" }, network: restricted } });
    expect(plainInputs(only(run, types.storageAccount)).networkRuleSet.defaultAction).toBe("Allow");
    expect(plainInputs(only(run, types.vault)).properties.networkAcls.defaultAction).toBe("Deny");
  });

  it("opens a Premium registry explicitly when the option is off", async () => {
    const run = await runProgram({ stack: "dev", config: { registry: { sku: "Premium" } } });
    expect(plainInputs(only(run, types.registry)).networkRuleSet).toEqual({ defaultAction: "Allow" });
  });
});
