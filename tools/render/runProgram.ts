import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { loadSettings, type Settings } from "../../infra/config";
import { createStack } from "../../infra/program";
import { AzureMocks, type RecordedCall, type RecordedResource } from "../../test/support/mockAzure/mocks";
import { configForRuntime, projectName, repositoryRoot, type ConfigForRuntime } from "./stackConfig";

export interface RunProgramOptions {
  stack: string;
  /** Overrides of the stack file, deep-merged; keys without a namespace are project keys; `undefined` removes a key. */
  config?: Record<string, unknown>;
  /** Read this file instead of `Pulumi.<stack>.yaml`. */
  configFile?: string;
  /** Defaults to `organization`, the organization of a self-managed backend. */
  organization?: string;
  /** Pass your own to inspect what was recorded even when the run throws (e.g. a ConfigError). */
  mocks?: AzureMocks;
  /**
   * Run as `pulumi preview` (default) or as `pulumi up`. In a preview nothing is pushed, so no registry token is
   * fetched: the offline render and the tests must never reach Azure.
   */
  preview?: boolean;
}

export type ProgramRun = MockedRun<Settings>;

/** What a program run under the mocks registered and returned. */
export interface MockedRun<S> {
  settings: S;
  /** Every registered resource but the root stack, in registration order. */
  resources: RecordedResource[];
  calls: RecordedCall[];
  /** The stack outputs, resolved to plain values. */
  outputs: Record<string, unknown>;
  /** Names of the outputs that are Pulumi secrets. */
  secretOutputs: string[];
  mocks: AzureMocks;
  /** What the run changed in the stack file's config: keys left out for the hosting, secrets filled with placeholders. */
  configChanges: Pick<ConfigForRuntime, "removedForHosting" | "placeholderSecrets">;
}

// Pulumi's runtime is process-global: runs take turns.
let previousRun: Promise<unknown> = Promise.resolve();

/**
 * Runs the real program for a stack against the offline mocks, as `pulumi up` would, and waits until every resource is
 * registered and every output resolved. Throws the ConfigError of invalid config before any resource is registered.
 * May be called many times in one process.
 */
export function runProgram(options: RunProgramOptions): Promise<ProgramRun> {
  return takeTurns(() => runAlone(options));
}

function runAlone(options: RunProgramOptions): Promise<ProgramRun> {
  const configFile = options.configFile ?? path.join(repositoryRoot, `Pulumi.${options.stack}.yaml`);
  return runUnderMocks({ ...options, project: projectName(), configFile }, loadSettings, createStack);
}

/** What runUnderMocks needs to run any Pulumi program of this repository (the main program, bootstrap/). */
export interface MockedRunOptions extends Omit<RunProgramOptions, "configFile"> {
  project: string;
  configFile: string;
  /** Secret keys (without namespace) filled with placeholders when the stack file lacks them. */
  requiredSecretKeys?: readonly string[];
}

/** Runs `build(load())` as a Pulumi program under the offline mocks and records what it registered. */
export async function runUnderMocks<S>(options: MockedRunOptions, load: () => S, build: (settings: S) => object): Promise<MockedRun<S>> {
  const mocks = options.mocks ?? new AzureMocks();
  const { project } = options;
  const config = configForRuntime({
    project,
    stack: options.stack,
    configFile: options.configFile,
    overrides: options.config,
    requiredSecretKeys: options.requiredSecretKeys,
  });

  await pulumi.runtime.setMocks(mocks, project, options.stack, options.preview ?? true, options.organization ?? "organization");
  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitor;
  pulumi.runtime.setAllConfig(config.values, config.secretKeys);
  try {
    const settings = load();
    let returned: Record<string, unknown> = {};
    const outputs = await pulumi.runtime.runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation(mocks.recordOptions);
      returned = { ...build(settings) };
      return returned;
    });
    if (mocks.errors.length) throw mocks.errors[0];
    const secretOutputs: string[] = [];
    for (const [name, value] of Object.entries(returned)) {
      if (pulumi.Output.isInstance(value) && (await pulumi.isSecret(value))) secretOutputs.push(name);
    }
    await pulumi.runtime.disconnect();
    attachUrns(mocks.resources, monitor);
    return {
      settings,
      resources: mocks.resources.filter((resource) => resource.type !== "pulumi:pulumi:Stack"),
      calls: mocks.calls,
      outputs: (outputs ?? {}) as Record<string, unknown>,
      secretOutputs,
      mocks,
      configChanges: { removedForHosting: config.removedForHosting, placeholderSecrets: config.placeholderSecrets },
    };
  } finally {
    await pulumi.runtime.disconnect();
  }
}

/** Runs one program at a time, whichever it is: Pulumi's runtime is process-global. */
export function takeTurns<T>(run: () => Promise<T>): Promise<T> {
  const result = previousRun.then(run);
  previousRun = result.catch(() => undefined);
  return result;
}

/** The part of Pulumi's MockMonitor that is read here. */
interface MockMonitor {
  resources: Map<string, { urn: string }>;
}

/** The mock monitor knows each resource's URN (it needs the parent chain); match them back by type and name. */
function attachUrns(resources: RecordedResource[], monitor: MockMonitor) {
  const byTypeAndName = new Map<string, string[]>();
  for (const { urn } of monitor.resources.values()) {
    const [, , qualifiedType, name] = urn.split("::");
    const key = `${qualifiedType!.split("$").pop()}::${name}`;
    byTypeAndName.set(key, [...(byTypeAndName.get(key) ?? []), urn]);
  }
  for (const resource of resources) resource.urn = byTypeAndName.get(`${resource.type}::${resource.name}`)?.shift() ?? "";
}
