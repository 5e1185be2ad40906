// How the real Functions host will behave under what the program renders: drain, grace period, KEDA's view of the
// task hub, what the Elastic Premium scale controller reads from host.json, the credential chain, writable paths.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hostWritablePaths } from "../../../../../app/src/contract/hostPaths";
import { appSettingNames, hostSettingNames } from "../../../../../app/src/contract/settingNames";
import { ConfigError } from "../../../../../infra/config";
import { hostShutdownSeconds, preStopSleepSeconds } from "../../../../../infra/config/podLifecycle";
import { taskHubQueues } from "../../../../../infra/workload/hosting/aks/durableQueueScaler";
import { runProgram } from "../../../../../tools/render/runProgram";
import { only } from "../../../../support/infra";
import { manifest, programRun } from "../../../../support/programRuns";

type Run = Awaited<ReturnType<typeof programRun>>;
const hostJson = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "..", "..", "app", "host.json"), "utf8"));
const configMap = (run: Run) => manifest(run, "ConfigMap").data as Record<string, string>;
const appSettings = (run: Run): Record<string, string> =>
  Object.fromEntries(
    only(run, "azure-native:web:WebApp").inputs.siteConfig.appSettings.map((setting: { name: string; value: string }) => [
      setting.name,
      setting.value,
    ]),
  );
const podSpec = (run: Run) => (manifest(run, "Deployment").spec as any).template.spec;
const triggers = (run: Run) => (manifest(run, "ScaledObject").spec as any).triggers as Array<{ metadata: Record<string, string> }>;
const appService = { hosting: "appService", oauth2Proxy: undefined };

/** "hh:mm:ss" of host.json's functionTimeout in seconds. */
const functionTimeoutSeconds = (hostJson.functionTimeout as string).split(":").reduce((total, part) => total * 60 + Number(part), 0);

describe.each(["dev", "prod"])("settings both hostings deliver (stack %s)", (stack) => {
  it.each(["aks", "appService"] as const)("%s: drain on stop, production credentials only, the plain hub-name setting", async (hosting) => {
    const run = await programRun(stack, hosting);
    const delivered = hosting === "aks" ? configMap(run) : appSettings(run);
    expect(delivered[hostSettingNames.drainOnAppStopping]).toBe("true");
    expect(delivered[appSettingNames.azureTokenCredentials]).toBe("prod");
    expect(delivered[hostSettingNames.taskHubName]).toBe(run.settings.durable.taskHubName);
    expect(delivered).not.toHaveProperty("AzureFunctionsJobHost__extensions__durableTask__hubName");
    // The orchestration version comes with the image (host.json); the override is for emergencies, never rendered.
    expect(delivered).not.toHaveProperty(hostSettingNames.orchestrationVersionOverride);
    expect(delivered[hostSettingNames.partitionCount]).toBe(String(run.settings.durable.partitionCount));
  });
});

describe("host.json is what the Elastic Premium scale controller reads", () => {
  it("takes the hub name from the plain app setting (the documented %AppSetting% pattern)", () => {
    expect(hostSettingNames.taskHubName).toBe("TaskHubName");
    expect(hostJson.extensions.durableTask.hubName).toBe(`%${hostSettingNames.taskHubName}%`);
  });

  it("carries the same concurrency and partition count the infrastructure sets by default", async () => {
    const run = await programRun("dev", "appService");
    const durable = hostJson.extensions.durableTask;
    expect(run.settings.durable).toMatchObject({
      maxConcurrentActivityFunctions: durable.maxConcurrentActivityFunctions,
      maxConcurrentOrchestratorFunctions: durable.maxConcurrentOrchestratorFunctions,
      partitionCount: durable.storageProvider.partitionCount,
    });
  });

  it.each([
    ["durable.maxConcurrentActivityFunctions", { maxConcurrentActivityFunctions: 3 }],
    ["durable.maxConcurrentOrchestratorFunctions", { maxConcurrentOrchestratorFunctions: 3 }],
    ["durable.partitionCount", { partitionCount: 8 }],
  ])("refuses %s different from host.json on App Service, naming the key", async (key, durable) => {
    const run = runProgram({ stack: "dev", config: { ...appService, durable } });
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(`durable-aks:${key} = ${Object.values(durable)[0]}`);
    await expect(run).rejects.toThrow(/host\.json/);
  });
});

describe("AKS: drain window and KEDA's view of the task hub", () => {
  it("sizes the grace period to what the host really waits after SIGTERM, not to functionTimeout", async () => {
    // The host starts drain mode without awaiting it and stops within 10 s (script host) + 10 s (worker): a grace period of
    // host.json's functionTimeout would only hold a node drain for 30 minutes without letting one more activity finish.
    const run = await programRun("dev");
    expect(run.settings.app.terminationGracePeriodSeconds).toBe(preStopSleepSeconds + hostShutdownSeconds + 30);
    expect(run.settings.app.terminationGracePeriodSeconds).toBeLessThan(functionTimeoutSeconds);
    expect(podSpec(run).terminationGracePeriodSeconds).toBe(run.settings.app.terminationGracePeriodSeconds);
    expect(podSpec(run).containers[0].lifecycle.preStop.sleep.seconds).toBe(preStopSleepSeconds);
  });

  it("takes app.terminationGracePeriodSeconds from config and refuses one shorter than the preStop sleep", async () => {
    const run = await runProgram({ stack: "dev", config: { app: { terminationGracePeriodSeconds: 900 } } });
    expect(podSpec(run).terminationGracePeriodSeconds).toBe(900);
    await expect(runProgram({ stack: "dev", config: { app: { terminationGracePeriodSeconds: 5 } } })).rejects.toThrow(
      /durable-aks:app\.terminationGracePeriodSeconds = 5/,
    );
  });

  it("watches exactly the control queues of the partition count the host gets, and ignores invisible timers there", async () => {
    for (const run of [await programRun("dev"), await runProgram({ stack: "dev", config: { durable: { partitionCount: 8 } } })]) {
      const partitions = Number(configMap(run)[hostSettingNames.partitionCount]);
      const queues = triggers(run).map((trigger) => trigger.metadata.queueName);
      expect(queues).toEqual(taskHubQueues(run.settings.durable.taskHubName, partitions));
      expect(queues.filter((queue) => queue!.includes("-control-"))).toHaveLength(partitions);
      for (const trigger of triggers(run)) {
        const control = trigger.metadata.queueName!.includes("-control-");
        expect(trigger.metadata.queueLengthStrategy, trigger.metadata.queueName).toBe(control ? "visibleonly" : "all");
      }
    }
  });

  it("refuses a partition count outside 1-16", async () => {
    await expect(runProgram({ stack: "dev", config: { durable: { partitionCount: 17 } } })).rejects.toThrow(
      /durable-aks:durable\.partitionCount = 17/,
    );
  });

  it("runs with a read-only root filesystem and an emptyDir on every path the host writes", async () => {
    const spec = podSpec(await programRun("prod"));
    const container = spec.containers[0];
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    const mounts = new Map<string, string>(
      container.volumeMounts.map((mount: { name: string; mountPath: string }) => [mount.mountPath, mount.name]),
    );
    expect([...mounts.keys()].sort()).toEqual([...hostWritablePaths].sort());
    for (const name of mounts.values()) expect(spec.volumes.find((volume: any) => volume.name === name)?.emptyDir).toBeDefined();
  });
});
