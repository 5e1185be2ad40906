import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../infra/config";
import { AzureMocks } from "../../support/mockAzure/mocks";
import { runProgram } from "../../../tools/render/runProgram";

// runProgram drives Pulumi's process-global runtime: several runs in one process must not leak into each other.
describe("runProgram", () => {
  it("runs several stacks in one process, each with its own resources", async () => {
    const dev = await runProgram({ stack: "dev" });
    const prod = await runProgram({ stack: "prod" });
    const devAgain = await runProgram({ stack: "dev" });
    expect(dev.resources.every((resource) => resource.urn.startsWith("urn:pulumi:dev::durable-aks::"))).toBe(true);
    expect(prod.resources.every((resource) => resource.urn.startsWith("urn:pulumi:prod::durable-aks::"))).toBe(true);
    expect(devAgain.resources.map((resource) => resource.urn)).toEqual(dev.resources.map((resource) => resource.urn));
    expect(JSON.stringify(devAgain.resources.map((r) => r.inputs))).toBe(JSON.stringify(dev.resources.map((r) => r.inputs)));
    expect(prod.settings.environment).toBe("prod");
  });

  it("takes turns when called concurrently", async () => {
    const [dev, prod] = await Promise.all([runProgram({ stack: "dev" }), runProgram({ stack: "prod" })]);
    expect(new Set(dev.resources.map((resource) => resource.urn.split("::")[0]))).toEqual(new Set(["urn:pulumi:dev"]));
    expect(new Set(prod.resources.map((resource) => resource.urn.split("::")[0]))).toEqual(new Set(["urn:pulumi:prod"]));
  });

  it("recovers after a run that failed on config", async () => {
    await expect(runProgram({ stack: "dev", config: { hosting: "nope" } })).rejects.toBeInstanceOf(ConfigError);
    const after = await runProgram({ stack: "dev" });
    expect(after.resources.length).toBeGreaterThan(10);
  });

  it("records every resource with type, name, urn, id, inputs and state", async () => {
    const mocks = new AzureMocks();
    const run = await runProgram({ stack: "dev", mocks });
    expect(run.mocks).toBe(mocks);
    for (const resource of run.resources) {
      expect(resource.urn.endsWith(`${resource.type}::${resource.name}`), `${resource.urn} for ${resource.type} ${resource.name}`).toBe(
        true,
      );
      if (resource.custom) expect(resource.id, resource.name).not.toBe("");
    }
    expect(run.resources.some((resource) => resource.type === "pulumi:pulumi:Stack")).toBe(false);
  });

  it("merges overrides into the stack file: objects key by key, undefined removes", async () => {
    const run = await runProgram({
      stack: "prod",
      config: { aks: { userPool: { maxCount: 9 } }, monitoring: undefined },
    });
    expect(run.settings.aks.userPool).toMatchObject({ vmSize: "Standard_D4s_v5", minCount: 2, maxCount: 9 });
    expect(run.settings.monitoring.alertEmail).toBeUndefined();
  });
});
