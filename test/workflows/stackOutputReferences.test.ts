// A step of pulumi/actions offers the stack's outputs as its own outputs, plus `output` (the command's text): pulumi/actions
// src/main.ts sets one step output per stack output. A reference to a name the program does not export reads an empty
// string on the runner, without an error: here it fails the build.
import { describe, expect, it } from "vitest";
import { programRun } from "../support/programRuns";
import { allJobs, stepsOf } from "./workflow-files";

const referencePattern = /steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g;

interface Reference {
  where: string;
  step: string;
  output: string;
}

/** Every `steps.<id>.outputs.<name>` of a job whose step `<id>` is a pulumi/actions step. */
function pulumiStepReferences(): Reference[] {
  return allJobs().flatMap(({ file, id, job }) => {
    const steps = stepsOf(job);
    const pulumiSteps = new Set(steps.filter((step) => step.uses?.startsWith("pulumi/actions@") && step.id).map((step) => step.id!));
    const text = JSON.stringify({ steps, outputs: job.outputs ?? {} });
    return [...text.matchAll(referencePattern)]
      .filter(([, step]) => pulumiSteps.has(step!))
      .map(([, step, output]) => ({ where: `${file.split("/").pop()} job ${id}`, step: step!, output: output! }));
  });
}

/** The outputs every variant of the program exports: AKS and App Service (with and without the staging slot). */
async function exportedNames(): Promise<Set<string>> {
  const runs = await Promise.all([
    programRun("dev"),
    programRun("prod"),
    programRun("dev", "appService"),
    programRun("prod", "appService"),
  ]);
  return new Set(["output", ...runs.flatMap((run) => Object.keys(run.outputs))]);
}

describe("workflow steps that read a pulumi/actions step's outputs", () => {
  it("find some references to check", () => {
    expect(pulumiStepReferences().map((reference) => reference.output)).toEqual(expect.arrayContaining(["imageRef", "url", "apiAudience"]));
  });

  it("read only names the program exports", async () => {
    const exported = await exportedNames();
    const unknown = pulumiStepReferences().filter((reference) => !exported.has(reference.output));
    expect(unknown.map((reference) => `${reference.where}: steps.${reference.step}.outputs.${reference.output}`)).toEqual([]);
  });
});
