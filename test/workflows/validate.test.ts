// Every workflow and composite action passes action-validator (GitHub's workflow and action schemas).
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { actionFiles, workflowFiles } from "./workflow-files";

const validatorCli = "node_modules/@action-validator/cli/cli.mjs";

function validate(path: string): { ok: boolean; report: string } {
  const result = spawnSync(process.execPath, [validatorCli, path], { encoding: "utf8" });
  return { ok: result.status === 0, report: `${result.stdout}${result.stderr}` };
}

describe("action-validator", () => {
  it("finds the delivery workflows and the shared action", () => {
    expect(workflowFiles.map((file) => file.split("/").pop()).sort()).toEqual([
      "checks.yml",
      "deploy-dev.yml",
      "pin-image-digests.yml",
      "pr.yml",
      "promote-prod.yml",
    ]);
    expect(actionFiles).toEqual([".github/actions/pulumi-azure/action.yml"]);
  });

  it.each([...workflowFiles, ...actionFiles])("accepts %s", (file) => {
    const { ok, report } = validate(file);
    expect(report).toBe("");
    expect(ok).toBe(true);
  });

  it("rejects a workflow that breaks the schema, so a pass means something", () => {
    const broken = join(mkdtempSync(join(tmpdir(), "workflow-")), "broken.yml");
    writeFileSync(
      broken,
      "on: push\njobs:\n  up:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0\n        wiht: {}\n",
    );
    const { ok, report } = validate(broken);
    expect(ok).toBe(false);
    expect(report).toMatch(/Additional property 'wiht' is not allowed/);
  });
});
