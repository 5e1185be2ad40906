// The deploy command's boundaries replaced: a fake Automation API (stacks that record calls and emit engine events)
// and a fake command runner (az, pulumi, docker, kubelogin answering from a table).
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { EngineEvent, OpMap } from "@pulumi/pulumi/automation";
import type { Automation, StackLocation, StackOperations } from "../../../tools/deploy/automation";
import type { Deps } from "../../../tools/deploy/deps";
import type { CommandResult, Runner } from "../../../tools/deploy/shell";

const repository = path.join(__dirname, "..", "..", "..");

/** A scratch repository root with the real Pulumi.yaml, stack files and setup stack file: the command may write stack files there. */
export function scratchRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), "deploy-"));
  mkdirSync(path.join(root, "bootstrap"));
  for (const file of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml", "bootstrap/Pulumi.subscription.yaml"])
    copyFileSync(path.join(repository, file), path.join(root, file));
  return root;
}

export const ok = (stdout = ""): CommandResult => ({ code: 0, stdout, stderr: "" });
export const failed = (stderr = "failed"): CommandResult => ({ code: 1, stdout: "", stderr });
export const notInstalled: CommandResult = { code: undefined, stdout: "", stderr: "ENOENT" };

export const signedIn = ok(
  JSON.stringify({ id: "sub-1", name: "Contoso Dev", tenantId: "22222222-2222-2222-2222-222222222222", user: { name: "ada@contoso.com" } }),
);

/** Answers by the command line's first words; unknown commands fail, and every call is recorded. */
export function fakeRunner(answers: Record<string, CommandResult>) {
  const calls: string[] = [];
  const run: Runner = async (program, args) => {
    const line = [program, ...args].join(" ");
    calls.push(line);
    const key = Object.keys(answers)
      .filter((prefix) => line.startsWith(prefix))
      .sort((a, b) => b.length - a.length)[0];
    return key === undefined ? failed(`no fake answer for: ${line}`) : answers[key]!;
  };
  return { run, calls };
}

/** Everything present: signed in, Pulumi 3.270.0, Docker buildx, kubelogin, providers registered, no soft-deleted names. */
export const healthyMachine: Record<string, CommandResult> = {
  "az account show": signedIn,
  "pulumi version": ok("v3.270.0\n"),
  "docker buildx inspect": ok("Name: default"),
  "kubelogin --version": ok("kubelogin version v0.2.19"),
  "kubectl version": ok(JSON.stringify({ clientVersion: { major: "1", minor: "34" } })),
  "az version": ok(JSON.stringify({ "azure-cli": "2.86.0" })),
  "az provider show": ok("Registered\n"),
  "az keyvault show-deleted": failed("ResourceNotFound"),
  "az appconfig show-deleted": failed("ResourceNotFound"),
};

export interface FakeStack extends StackOperations {
  location: StackLocation;
  config: Record<string, string>;
  calls: string[];
}

const resourceEvents = (urn: string, op: "create" | "delete", at: number): EngineEvent[] => [
  { sequence: 0, timestamp: at, resourcePreEvent: { metadata: { op, urn, type: "t", provider: "p" } } },
  { sequence: 1, timestamp: at, resOutputsEvent: { metadata: { op, urn, type: "t", provider: "p" } } },
];

export const urnOf = (type: string, name: string) => `urn:pulumi:dev::durable-aks::${type}::${name}`;

export function fakeStack(
  location: StackLocation,
  options: { plan?: OpMap; outputs?: Record<string, unknown>; config?: Record<string, string>; failUp?: string } = {},
): FakeStack {
  const calls: string[] = [];
  const plan = options.plan ?? { create: 2, same: 1 };
  const emit = (onEvent: (event: EngineEvent) => void, op: "create" | "delete") => {
    for (const [index, name] of ["storage-account", "keyvault-vault"].entries())
      for (const event of resourceEvents(urnOf(index ? "azure-native:keyvault:Vault" : "azure-native:storage:StorageAccount", name), op, 0))
        onEvent(event);
    onEvent({
      sequence: 9,
      timestamp: 0,
      summaryEvent: { maybeCorrupt: false, durationSeconds: 75, resourceChanges: plan, policyPacks: {} },
    });
  };
  const stack: FakeStack = {
    location,
    name: location.stackName,
    config: { ...options.config },
    calls,
    getConfig: async () => ({ ...stack.config }),
    setConfig: async (key, value, flags) => {
      calls.push(`setConfig ${key}=${value}${flags?.secret ? " (secret)" : ""}`);
      stack.config[key] = value;
    },
    preview: async () => {
      calls.push("preview");
      return plan;
    },
    up: async (onEvent) => {
      calls.push("up");
      if (options.failUp) throw new Error(options.failUp);
      emit(onEvent, "create");
      return options.outputs ?? {};
    },
    previewDestroy: async () => {
      calls.push("previewDestroy");
      return { delete: 2 };
    },
    destroy: async (onEvent) => {
      calls.push("destroy");
      emit(onEvent, "delete");
    },
    unprotectAll: async () => void calls.push("unprotectAll"),
    outputs: async () => options.outputs ?? {},
  };
  return stack;
}

/** The bootstrap's outputs as its program exports them. */
export const setupOutputs = {
  stateBackendUrl: "azblob://pulumi-state?storage_account=stpulumiabcd",
  tenantId: "22222222-2222-2222-2222-222222222222",
  secretsProviders: { dev: "azurekeyvault://kv-pulumi-abcd.vault.azure.net/keys/durable-aks-dev", demo: "azurekeyvault://kv/keys/demo" },
  nameSuffixes: { dev: "x1y2", demo: "d3m0" },
  /** One application per trust level: dev and demo are both dev. */
  signInClientIds: { dev: "11111111-1111-1111-1111-111111111111", demo: "11111111-1111-1111-1111-111111111111" },
  /** Only stacks with a hostname in the setup get one. */
  oauth2ProxyClientSecrets: { dev: "dev-client-secret" },
};

export function fakeAutomation(stacks: Record<string, Partial<Parameters<typeof fakeStack>[1]>> = {}) {
  const existing = new Map<string, FakeStack>();
  const created: FakeStack[] = [];
  const automation: Automation = {
    async select(location) {
      const found = existing.get(location.stackName);
      if (found) return found;
      const preset = stacks[location.stackName];
      if (!preset) return undefined;
      const stack = fakeStack(location, preset);
      existing.set(location.stackName, stack);
      return stack;
    },
    async create(location) {
      const stack = fakeStack(location, stacks[`new:${location.stackName}`] ?? {});
      existing.set(location.stackName, stack);
      created.push(stack);
      return stack;
    },
  };
  return { automation, existing, created };
}

export function fakeDeps(overrides: Partial<Deps> & Pick<Deps, "run" | "automation">) {
  const lines: string[] = [];
  let clock = 0;
  const ticks: Array<() => void> = [];
  const deps: Deps = {
    write: (line) => lines.push(...line.split("\n")),
    ask: async () => true,
    now: () => clock,
    every: (tick) => {
      ticks.push(tick);
      return () => ticks.splice(ticks.indexOf(tick), 1);
    },
    root: scratchRoot(),
    writeFile: (file, text) => writeFileSync(file, text),
    ...overrides,
  };
  return { deps, lines, advance: (ms: number) => (clock += ms), ticks };
}
