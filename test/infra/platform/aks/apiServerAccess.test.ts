import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../../../policy/evaluate";
import { runProgram, type ProgramRun } from "../../../../tools/render/runProgram";
import { only, plainInputs } from "../../../support/infra";

const apiServerWarnings = (run: ProgramRun) =>
  evaluatePolicies(
    run.resources.map((resource) => ({ type: resource.type, name: resource.name, urn: resource.urn, props: resource.inputs })),
    { stack: run.settings.stack, project: run.settings.project },
  ).filter((violation) => violation.policy === "aks-api-server-restricted-in-prod");

describe("the API server of the program's clusters, as the policy pack sees it", () => {
  it("prod as configured (public, no ranges): one advisory warning, nothing mandatory", async () => {
    const warnings = apiServerWarnings(await runProgram({ stack: "prod" }));
    expect(warnings.map((warning) => warning.enforcementLevel)).toEqual(["advisory"]);
    expect(warnings[0]!.message).toContain("docs/security.md");
  });

  it("prod with authorized ranges: no warning, and the ranges reach the cluster", async () => {
    const run = await runProgram({
      stack: "prod",
      config: { network: { restrictPublicAccess: true, allowedIpRanges: ["203.0.113.0/24"] }, registry: { sku: "Premium" } },
    });
    expect(plainInputs(only(run, "azure-native:containerservice:ManagedCluster")).apiServerAccessProfile.authorizedIPRanges).toEqual([
      "203.0.113.0/24",
    ]);
    expect(apiServerWarnings(run)).toEqual([]);
  });

  it("dev: no warning", async () => {
    expect(apiServerWarnings(await runProgram({ stack: "dev" }))).toEqual([]);
  });
});
