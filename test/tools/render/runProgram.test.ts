import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../infra/config";
import { AzureMocks } from "../../support/mockAzure/mocks";
import { sharedRun } from "../../support/programRuns";
import { runBootstrap } from "../../../tools/render/runBootstrap";
import { runProgram } from "../../../tools/render/runProgram";

const configNamespaces = () => new Set(Object.keys(pulumi.runtime.allConfig()).map((key) => key.split(":")[0]));

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

  // The files that run programs share a worker process (vitest.config.mts): to them, this is what sharing means.
  it("runs two programs one after the other in one process, neither seeing the other's config or resources", async () => {
    const bootstrap = await runBootstrap({ stack: "subscription" });
    expect(configNamespaces()).not.toContain("durable-aks");
    const overridden = await runProgram({ stack: "dev", config: { app: { maxReplicas: 7 } } });
    expect(configNamespaces()).not.toContain("durable-aks-bootstrap");
    const bootstrapAgain = await runBootstrap({ stack: "subscription" });
    expect(configNamespaces()).not.toContain("durable-aks");
    const dev = await runProgram({ stack: "dev" });

    expect(bootstrap.resources.every((resource) => resource.urn.startsWith("urn:pulumi:subscription::durable-aks-bootstrap::"))).toBe(true);
    expect(dev.resources.every((resource) => resource.urn.startsWith("urn:pulumi:dev::durable-aks::"))).toBe(true);
    expect(JSON.stringify(bootstrapAgain)).toBe(JSON.stringify(bootstrap));
    expect(overridden.settings.app.maxReplicas).toBe(7);
    expect(dev.settings.app.maxReplicas).toBe(4);
    expect(JSON.stringify(dev.resources)).toBe(JSON.stringify((await runProgram({ stack: "dev" })).resources));
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

describe("shared runs (test/support/programRuns.ts)", () => {
  it("hands every test the same run of a stack and config, and a different one for a different config", async () => {
    expect(await sharedRun("dev")).toBe(await sharedRun("dev", {}));
    expect(await sharedRun("dev", { hosting: "appService", oauth2Proxy: undefined })).not.toBe(
      await sharedRun("dev", { hosting: "appService" }),
    );
  });

  it("are frozen, so a test cannot change what the next one reads", async () => {
    const run = await sharedRun("dev");
    expect(() => run.resources.sort()).toThrow(TypeError);
    expect(() => (run.resources[0]!.options.dependsOn as string[]).push("x")).toThrow(TypeError);
    expect(() => Object.assign(run.settings.app, { maxReplicas: 1 })).toThrow(TypeError);
  });
});
