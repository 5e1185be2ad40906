import { beforeAll, describe, expect, it } from "vitest";
import { AzureMocks } from "../../support/mockAzure/mocks";
import { runProgram, type ProgramRun } from "../../../tools/render/runProgram";
import { plainInputs, types } from "../../support/infra";

// The program grants nothing to whoever runs it: a run by another principal (a laptop, a PR preview, CI) must change no role assignment.
const runners = ["00000000-0000-4000-8000-00000000aaaa", "00000000-0000-4000-8000-00000000bbbb"];
const variants = [
  { stack: "dev", config: {} },
  { stack: "prod", config: {} },
  { stack: "prod", config: { hosting: "appService", oauth2Proxy: undefined } },
] as const;

const roleAssignments = (run: ProgramRun) =>
  run.resources
    .filter((resource) => resource.type === types.roleAssignment)
    .map((resource) => ({ name: resource.name, inputs: plainInputs(resource) }));

describe.each(variants)("$stack stack $config", ({ stack, config }) => {
  const runs: ProgramRun[] = [];
  beforeAll(async () => {
    for (const deployerObjectId of runners) runs.push(await runProgram({ stack, config, mocks: new AzureMocks({ deployerObjectId }) }));
  });

  it("creates the same role assignments whoever runs it", () => {
    expect(roleAssignments(runs[0]!).length).toBeGreaterThan(0);
    expect(roleAssignments(runs[1]!)).toEqual(roleAssignments(runs[0]!));
  });

  it("grants nothing to the principal running it", () => {
    runs.forEach((run, index) => {
      const principals = roleAssignments(run).map((assignment) => assignment.inputs.principalId);
      expect(principals).not.toContain(runners[index]);
    });
  });
});
