// The boundary to the Pulumi Automation API: the deploy command's logic sees only these interfaces, the tests a fake.
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, StackNotFoundError, type EngineEvent, type OpMap } from "@pulumi/pulumi/automation";

export type OnEvent = (event: EngineEvent) => void;

export interface StackOperations {
  /** The stack's name as the backend knows it (`organization/<project>/<stack>` on a self-managed backend). */
  readonly name: string;
  getConfig(): Promise<Record<string, string>>;
  /** `pulumi config set [--secret] [--path]`: written into the stack file, secrets encrypted by its provider. */
  setConfig(key: string, value: string, options?: { secret?: boolean; path?: boolean }): Promise<void>;
  preview(onEvent: OnEvent): Promise<OpMap>;
  up(onEvent: OnEvent): Promise<Record<string, unknown>>;
  previewDestroy(onEvent: OnEvent): Promise<OpMap>;
  destroy(onEvent: OnEvent): Promise<void>;
  /** `pulumi state unprotect --all`: only `down --production` asks for it. */
  unprotectAll(): Promise<void>;
  outputs(): Promise<Record<string, unknown>>;
}

export interface StackLocation {
  /** The folder holding Pulumi.yaml. */
  workDir: string;
  stackName: string;
  /** PULUMI_BACKEND_URL; unset: the project's own backend (bootstrap/Pulumi.yaml sets one). */
  backendUrl?: string;
  /** Used only when the stack is created (`pulumi stack init --secrets-provider`). */
  secretsProvider?: string;
  /** Environment for every pulumi command (e.g. PULUMI_CONFIG_PASSPHRASE for the bootstrap). */
  env?: Record<string, string>;
}

export interface Automation {
  /** The stack, or undefined when the backend has no such stack. */
  select(location: StackLocation): Promise<StackOperations | undefined>;
  create(location: StackLocation): Promise<StackOperations>;
}

const values = (map: Record<string, { value: unknown }>) => Object.fromEntries(Object.entries(map).map(([key, item]) => [key, item.value]));

function wrap(stack: Awaited<ReturnType<typeof LocalWorkspace.selectStack>>, location: StackLocation): StackOperations {
  return {
    name: stack.name,
    getConfig: async () => Object.fromEntries(Object.entries(await stack.getAllConfig()).map(([key, item]) => [key, item.value])),
    setConfig: (key, value, options = {}) => stack.setConfig(key, { value, secret: options.secret ?? false }, options.path),
    preview: async (onEvent) => (await stack.preview({ onEvent, diff: false })).changeSummary,
    up: async (onEvent) => values((await stack.up({ onEvent })).outputs),
    previewDestroy: async (onEvent) => (await stack.previewDestroy({ onEvent })).changeSummary,
    destroy: async (onEvent) => void (await stack.destroy({ onEvent })),
    // The Automation API has no unprotect: the CLI's own command, in the same folder and environment.
    unprotectAll: async () =>
      void (await promisify(execFile)("pulumi", ["state", "unprotect", "--all", "--yes", "--stack", stack.name], {
        cwd: path.resolve(location.workDir),
        env: { ...process.env, ...workspaceOptions(location).envVars },
      })),
    outputs: async () => values(await stack.outputs()),
  };
}

const workspaceOptions = (location: StackLocation) => ({
  workDir: path.resolve(location.workDir),
  envVars: { ...(location.backendUrl ? { PULUMI_BACKEND_URL: location.backendUrl } : {}), ...location.env },
  ...(location.secretsProvider ? { secretsProvider: location.secretsProvider } : {}),
});

/** The real Automation API on the installed Pulumi CLI: LocalWorkspace over the repository's Pulumi.yaml files. */
export const localAutomation: Automation = {
  async select(location) {
    try {
      const stack = await LocalWorkspace.selectStack(
        { stackName: location.stackName, workDir: path.resolve(location.workDir) },
        workspaceOptions(location),
      );
      return wrap(stack, location);
    } catch (error) {
      if (error instanceof StackNotFoundError) return undefined;
      throw error;
    }
  },
  async create(location) {
    const stack = await LocalWorkspace.createStack(
      { stackName: location.stackName, workDir: path.resolve(location.workDir) },
      workspaceOptions(location),
    );
    return wrap(stack, location);
  },
};
