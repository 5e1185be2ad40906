import { kubernetesManifests, type KubernetesManifest } from "../../tools/render/kubernetesManifests";
import type { RecordedResource } from "./mockAzure/mocks";
import { runBootstrap, type BootstrapRun } from "../../tools/render/runBootstrap";
import { runProgram, type ProgramRun } from "../../tools/render/runProgram";

// Runs shared by every test that only reads them: computed once per stack and config in a worker process. The files
// that run programs share their workers (vitest.config.mts), so a run one file computed is reused by the next. Runs are
// deterministic (test/tools/render/runProgram.test.ts) and frozen, so a test that sorts or edits one in place fails
// instead of changing what the next test reads. A test about the run itself (a fresh run, own mocks) calls runProgram.
const runs = new Map<string, Promise<ProgramRun>>();
const bootstrapRuns = new Map<string, Promise<BootstrapRun>>();

// JSON.stringify drops `undefined`, which here removes a key from the stack file: keep it in the key.
const keyOf = (stack: string, config: Record<string, unknown>) =>
  `${stack} ${JSON.stringify(config, (_key, value: unknown) => (value === undefined ? "(removed)" : value))}`;

/** The run of the real program for a stack file with `config` merged in (as runProgram merges it), shared. */
export function sharedRun(stack: string, config: Record<string, unknown> = {}): Promise<ProgramRun> {
  const key = keyOf(stack, config);
  if (!runs.has(key)) runs.set(key, runProgram({ stack, config }).then(frozen));
  return runs.get(key)!;
}

/** The shared run of a stack on a hosting; AKS is the committed stack files as they are. */
export async function programRun(stack: string, hosting: "aks" | "appService" = "aks"): Promise<ProgramRun> {
  const run = await sharedRun(stack, hosting === "aks" ? {} : { hosting });
  if (run.settings.hosting !== hosting) throw new Error(`Pulumi.${stack}.yaml no longer hosts on ${hosting}: pass it as config`);
  return run;
}

/** The run of bootstrap/ for a stack file, shared like sharedRun. */
export function sharedBootstrapRun(stack: string): Promise<BootstrapRun> {
  if (!bootstrapRuns.has(stack)) bootstrapRuns.set(stack, runBootstrap({ stack }).then(frozen));
  return bootstrapRuns.get(stack)!;
}

/** Freezes the plain data of a run (objects and arrays); class instances such as Outputs and the mocks stay as they are. */
function frozen<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== Array.prototype && prototype !== null) return value;
  Object.freeze(value);
  for (const inner of Object.values(value)) frozen(inner);
  return value;
}

export const ofType = (run: ProgramRun, type: string): RecordedResource[] => run.resources.filter((resource) => resource.type === type);

export function manifest(run: ProgramRun, kind: string, name?: string): KubernetesManifest {
  const found = kubernetesManifests(run.resources).filter((item) => item.kind === kind && (!name || item.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected exactly one ${kind}${name ? ` ${name}` : ""}, found ${found.length}`);
  return found[0]!;
}

export const digestRef = /^[a-z0-9.-]+\/[a-z0-9._/-]+@sha256:[a-f0-9]{64}$/;
