// What the one app-settings map delivers to the host, read back from what each hosting renders: the ConfigMap on AKS,
// the site's app settings on App Service.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../infra/config";
import { runProgram } from "../../../tools/render/runProgram";
import { only } from "../../support/infra";
import { manifest, programRun } from "../../support/programRuns";

type Run = Awaited<ReturnType<typeof programRun>>;
const hosts = ["aks", "appService"] as const;
const stacks = ["dev", "prod"] as const;

function delivered(run: Run): Record<string, string> {
  if (run.settings.hosting === "aks") return manifest(run, "ConfigMap").data as Record<string, string>;
  const site = only(run, "azure-native:web:WebApp").inputs.siteConfig.appSettings as Array<{ name: string; value: string }>;
  return Object.fromEntries(site.map((setting) => [setting.name, setting.value]));
}

const durableHost = "AzureFunctionsJobHost__extensions__durableTask";
const storageProvider = `${durableHost}__storageProvider`;

describe.each(stacks)("host settings of the Durable extension (stack %s)", (stack) => {
  it.each(hosts)("%s: the queue polling interval is the environment's default (30 s dev, 5 s prod)", async (hosting) => {
    const run = await programRun(stack, hosting);
    expect(delivered(run)[`${storageProvider}__maxQueuePollingInterval`]).toBe(stack === "prod" ? "00:00:05" : "00:00:30");
  });

  it.each(hosts)("%s: a killed worker's activity message is visible again after 90 s, not the default 5 minutes", async (hosting) => {
    const run = await programRun(stack, hosting);
    expect(delivered(run)[`${storageProvider}__workItemQueueVisibilityTimeout`]).toBe("00:01:30");
  });

  it.each(hosts)("%s: the task hub worker stops gracefully (waits for running work items)", async (hosting) => {
    const run = await programRun(stack, hosting);
    expect(delivered(run)[`${durableHost}__useGracefulShutdown`]).toBe("true");
  });
});

describe("durable.maxQueuePollingInterval", () => {
  it("takes a stack's own interval", async () => {
    const run = await runProgram({ stack: "dev", config: { durable: { maxQueuePollingInterval: "00:00:10" } } });
    expect(delivered(run)[`${storageProvider}__maxQueuePollingInterval`]).toBe("00:00:10");
  });

  it.each(["5s", "00:00:00", "00:10:00", 5])("refuses %j, naming the key and the rule", async (value) => {
    const error = await runProgram({ stack: "dev", config: { durable: { maxQueuePollingInterval: value } } }).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/durable-aks:durable\.maxQueuePollingInterval = .*: must be a time span/);
  });
});

describe("the Node worker's heap limit (languageWorkers__node__arguments)", () => {
  it.each(stacks)("AKS %s: sized from app.memoryLimit 1Gi minus the host's share", async (stack) => {
    const run = await programRun(stack, "aks");
    expect(delivered(run)["languageWorkers__node__arguments"]).toBe("--max-old-space-size=480");
  });

  it.each(stacks)("App Service %s: sized from the EP1 instance's 3.5 GiB", async (stack) => {
    const run = await programRun(stack, "appService");
    expect(delivered(run)["languageWorkers__node__arguments"]).toBe("--max-old-space-size=2400");
  });

  it("follows a larger pod", async () => {
    const run = await runProgram({ stack: "dev", config: { app: { memoryLimit: "2Gi", memoryRequest: "1Gi" } } });
    expect(delivered(run)["languageWorkers__node__arguments"]).toBe("--max-old-space-size=1248");
  });

  it("refuses a pod too small for the host and a useful heap, naming the key and the numbers", async () => {
    const error = await runProgram({ stack: "dev", config: { app: { memoryLimit: "640Mi", memoryRequest: "512Mi" } } }).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/durable-aks:app\.memoryLimit = "640Mi": must be at least 726Mi/);
  });
});
