import { kubernetesManifests, type KubernetesManifest } from "../../tools/render/kubernetesManifests";
import type { RecordedResource } from "./mockAzure/mocks";
import { runProgram, type ProgramRun } from "../../tools/render/runProgram";

/** One program run per stack and hosting value, shared by the tests of a file. */
const runs = new Map<string, Promise<ProgramRun>>();

export function programRun(stack: string, hosting: "aks" | "appService" = "aks"): Promise<ProgramRun> {
  const key = `${stack}/${hosting}`;
  if (!runs.has(key)) runs.set(key, runProgram({ stack, config: { hosting } }));
  return runs.get(key)!;
}

export const ofType = (run: ProgramRun, type: string): RecordedResource[] => run.resources.filter((resource) => resource.type === type);

export function manifest(run: ProgramRun, kind: string, name?: string): KubernetesManifest {
  const found = kubernetesManifests(run.resources).filter((item) => item.kind === kind && (!name || item.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected exactly one ${kind}${name ? ` ${name}` : ""}, found ${found.length}`);
  return found[0]!;
}

export const digestRef = /^[a-z0-9.-]+\/[a-z0-9._/-]+@sha256:[a-f0-9]{64}$/;
