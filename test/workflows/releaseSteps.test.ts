// After every update of dev and prod: the smoke test as the smoke identity, the release recorded, a failed release
// rolled back to the last known-good one (program and image), the job summary; a staging slot tested before production.
// Read from the workflow files, step by step and in order.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stateFiles } from "../../tools/release/cli";
import { stepsOf as stepsOfJob, workflow, type Job, type Step as WorkflowStep } from "./workflow-files";

/** The step keys these tests read beyond the shared Step type. */
type Step = WorkflowStep & { if?: string; "continue-on-error"?: boolean; "working-directory"?: string };
const stepsOf = (job: Job): Step[] => stepsOfJob(job);

interface Deploying {
  file: string;
  stack: "dev" | "prod";
  job: Job;
}

const deploying: Deploying[] = [
  { file: "deploy-dev.yml", stack: "dev", job: workflow("deploy-dev.yml").jobs["up"]! },
  { file: "promote-prod.yml", stack: "prod", job: workflow("promote-prod.yml").jobs["promote"]! },
];

const stackName = (stack: string) => `organization/durable-aks/${stack}`;
const state = '--state "$RUNNER_TEMP/release"';
const smokeResult = (stage: "slot" | "production" | "rollback") => `--result "$RUNNER_TEMP/release/${stateFiles.smoke(stage)}"`;
const runOf = (step: Step | undefined) => (step?.run ?? "").replace(/\s+/g, " ").trim();

function byId(job: Job, id: string): Step {
  const step = stepsOf(job).find((each) => each.id === id);
  if (!step) throw new Error(`no step with id ${id}`);
  return step;
}

function indexOf(job: Job, found: (step: Step) => boolean, what: string): number {
  const index = stepsOf(job).findIndex(found);
  if (index < 0) throw new Error(`no step ${what}`);
  return index;
}

const withId = (id: string) => (step: Step) => step.id === id;
const running = (text: string) => (step: Step) => runOf(step).includes(text);

describe.each(deploying)("$file: smoke test, release record and rollback", ({ file, stack, job }) => {
  const steps = stepsOf(job);
  const deployingClientId = `\${{ vars.AZURE_CLIENT_ID_${stack.toUpperCase()} }}`;
  const smokeClientId = `\${{ vars.AZURE_CLIENT_ID_SMOKE_${stack.toUpperCase()} }}`;

  it("may write deployments (the release record) and nothing of the repository's contents", () => {
    expect(job.permissions).toEqual({ contents: "read", "id-token": "write", deployments: "write" });
    expect(readFileSync(`.github/workflows/${file}`, "utf8")).not.toMatch(/contents: write|git push|gh api .*contents/);
  });

  it("looks up the last known-good release before anything changes the stack", () => {
    const lookup = byId(job, "known-good");
    expect(runOf(lookup)).toBe(
      `npx tsx tools/release/cli.ts known-good --environment ${stack} --stack ${stackName(stack)} ${state} >> "$GITHUB_OUTPUT"`,
    );
    expect(lookup.env).toEqual({ GITHUB_TOKEN: "${{ github.token }}" });
    const firstUpdate = indexOf(
      job,
      (step) => step.uses?.startsWith("pulumi/actions@") === true && step.with?.["command"] === "up",
      "pulumi up",
    );
    expect(steps.indexOf(lookup)).toBeLessThan(firstUpdate);
    expect(steps.indexOf(lookup)).toBeGreaterThan(indexOf(job, running("refresh-federated-token.sh"), "token refresher"));
  });

  it("smoke-tests production after its update as the smoke identity, never the deployer, with a token for the stack's API audience", () => {
    const smoke = byId(job, "smoke");
    expect(steps.indexOf(smoke)).toBeGreaterThan(steps.indexOf(byId(job, "up")));
    expect(smoke["continue-on-error"]).toBe(true);
    expect(smoke.env).toMatchObject({
      URL: "${{ steps.up.outputs.url }}",
      API_AUDIENCE: "${{ steps.up.outputs.apiAudience }}",
      SMOKE_CLIENT_ID: smokeClientId,
    });
    expect(JSON.stringify(smoke)).not.toContain(deployingClientId);
    expect(runOf(smoke)).toMatch(
      /^npx tsx tools\/smoke\/cli\.ts --url "\$URL" --audience "\$API_AUDIENCE" --client-id "\$SMOKE_CLIENT_ID" /,
    );
    expect(runOf(smoke)).toContain(smokeResult("production"));
  });

  it("records the release and decides after the smoke test, from the up step's outputs", () => {
    const decide = byId(job, "decide");
    expect(steps.indexOf(decide)).toBe(steps.indexOf(byId(job, "smoke")) + 1);
    expect(decide.env).toEqual({
      GITHUB_TOKEN: "${{ github.token }}",
      IMAGE_REF: "${{ steps.up.outputs.imageRef }}",
      URL: "${{ steps.up.outputs.url }}",
    });
    expect(runOf(decide)).toBe(
      `npx tsx tools/release/cli.ts decide --environment ${stack} --stack ${stackName(stack)} --stage production ` +
        `--commit "$GITHUB_SHA" --image-ref "$IMAGE_REF" --url "$URL" ${state} >> "$GITHUB_OUTPUT"`,
    );
  });

  it("rolls back only when told to: the known-good commit checked out, its digest pinned, pulumi up there, smoke-tested, recorded", () => {
    const order = [
      indexOf(job, withId("decide"), "decide"),
      indexOf(job, (step) => step.uses?.startsWith("actions/checkout@") === true && step.with?.["path"] === "known-good", "checkout"),
      indexOf(job, (step) => step["working-directory"] === "known-good", "pin"),
      indexOf(job, withId("rollback"), "rollback"),
      indexOf(job, withId("smoke-rollback"), "smoke-rollback"),
      indexOf(job, running("tools/release/cli.ts record-rollback"), "record-rollback"),
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const index of order.slice(1)) expect(steps[index]!.if).toBe("steps.decide.outputs.next == 'rollback'");

    const checkout = steps[order[1]!]!;
    expect(checkout.with).toEqual({ ref: "${{ steps.known-good.outputs.commit }}", path: "known-good", "persist-credentials": false });
    const pin = steps[order[2]!]!;
    expect(pin["working-directory"]).toBe("known-good");
    expect(pin.env).toEqual({ DIGEST: "${{ steps.known-good.outputs.digest }}" });
    expect(runOf(pin)).toBe(
      `npm ci --ignore-scripts npm rebuild node esbuild pulumi config set --path 'durable-aks:image.digest' "$DIGEST" --stack ${stackName(stack)}`,
    );

    const rollback = steps[order[3]!]!;
    const up = byId(job, "up");
    expect(rollback.uses).toBe(up.uses);
    const { message: _upMessage, ...upInputs } = up.with ?? {};
    const { message, "work-dir": workDir, ...rollbackInputs } = rollback.with ?? {};
    expect(rollbackInputs).toEqual(upInputs);
    expect(workDir).toBe("known-good");
    expect(message).toContain("rollback to ${{ steps.known-good.outputs.commit }}");

    const smoke = steps[order[4]!]!;
    expect(smoke["continue-on-error"]).toBe(true);
    expect(smoke.env).toMatchObject({ URL: "${{ steps.rollback.outputs.url }}", SMOKE_CLIENT_ID: smokeClientId });
    expect(runOf(smoke)).toContain(smokeResult("rollback"));
    const record = steps[order[5]!]!;
    expect(record.env).toMatchObject({ IMAGE_REF: "${{ steps.rollback.outputs.imageRef }}" });
    expect(runOf(record)).toContain(`--commit "$GITHUB_SHA"`);
  });

  it("ends with the job summary, whatever happened before, which fails the job unless the release passed", () => {
    const report = steps.at(-1)!;
    expect(report.if).toBe("always()");
    expect(runOf(report)).toBe(
      `npx tsx tools/release/cli.ts report --environment ${stack} --commit "$GITHUB_SHA" ${state} >> "$GITHUB_STEP_SUMMARY"`,
    );
  });

  it("with a staging slot: slot update, its smoke test and decision, a stop unless it passed, then production with the same digest", () => {
    const order = [
      indexOf(job, withId("plan"), "plan"),
      indexOf(job, running("appService.releaseStage' staging"), "stage config"),
      indexOf(job, withId("stage"), "stage"),
      indexOf(job, withId("smoke-slot"), "smoke-slot"),
      indexOf(job, withId("slot"), "slot decision"),
      indexOf(job, (step) => runOf(step) === "exit 1", "stop"),
      indexOf(job, running("appService.releaseStage' production"), "production config"),
      indexOf(job, withId("up"), "up"),
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(runOf(steps[order[0]!])).toBe(`npx tsx tools/release/cli.ts plan --stack ${stack} >> "$GITHUB_OUTPUT"`);
    for (const index of order.slice(1, 5)) expect(steps[index]!.if).toBe("steps.plan.outputs.staging-slot == 'true'");
    expect(steps[order[5]!]!.if).toBe("steps.plan.outputs.staging-slot == 'true' && steps.slot.outputs.next != 'continue'");
    expect(steps[order[6]!]!.if).toBe("steps.slot.outputs.next == 'continue'");

    const stage = steps[order[2]!]!;
    const { message: _stageMessage, ...stageInputs } = stage.with ?? {};
    const { message: _upMessage, ...upInputs } = byId(job, "up").with ?? {};
    expect(stageInputs).toEqual(upInputs);
    const smoke = steps[order[3]!]!;
    expect(smoke.env).toMatchObject({
      URL: "${{ steps.stage.outputs.stagingUrl }}",
      API_AUDIENCE: "${{ steps.stage.outputs.apiAudience }}",
      SMOKE_CLIENT_ID: smokeClientId,
    });
    expect(runOf(smoke)).toContain(smokeResult("slot"));
    expect(runOf(steps[order[4]!])).toContain("--stage slot");
    expect(steps[order[4]!]!.env).toMatchObject({ IMAGE_REF: "${{ steps.stage.outputs.stagingImageRef }}" });
  });

  it("changes what runs only through pulumi up: no CLI change behind Pulumi's back", () => {
    const text = readFileSync(`.github/workflows/${file}`, "utf8");
    expect(text).not.toMatch(/az (webapp|functionapp|containerapp|aks)\b|kubectl|helm (upgrade|install|rollback)|az acr import/);
    const commands = steps.filter((step) => step.uses?.startsWith("pulumi/actions@") && step.with?.["command"] !== undefined);
    expect(commands.map((step) => [step.id, step.with?.["command"], step.with?.["stack-name"]])).toEqual([
      ["stage", "up", stackName(stack)],
      ["up", "up", stackName(stack)],
      ["rollback", "up", stackName(stack)],
    ]);
  });
});

describe("deploy-dev.yml: the smoke test waits for the image this checkout built", () => {
  it("passes the build's SOURCE_VERSION from the plan to the smoke tests of the slot and of production", () => {
    const job = deploying[0]!.job;
    for (const id of ["smoke-slot", "smoke"]) {
      expect(byId(job, id).env?.["SOURCE_VERSION"]).toBe("${{ steps.plan.outputs.source-version }}");
      expect(runOf(byId(job, id))).toContain('--expect-source-version "$SOURCE_VERSION"');
    }
  });
});

describe("the container smoke job runs the same smoke test", () => {
  const script = readFileSync("app/scripts/containerSmoke.sh", "utf8");
  const code = script
    .split("\n")
    .filter((line) => !line.trim().startsWith("#"))
    .join("\n");

  it("against the local container, anonymous as the container runs, once it is healthy", () => {
    const call = code.split("\n").find((line) => line.includes("tools/smoke/cli.ts"));
    expect(call).toBe(
      'npx tsx tools/smoke/cli.ts --url "$base/api" --label "the local container" --summary "${GITHUB_STEP_SUMMARY:-/dev/null}"',
    );
    expect(code.indexOf(call!)).toBeGreaterThan(code.indexOf('health=$(curl -sS --fail-with-body "$base/api/health")'));
    expect(call).not.toMatch(/--audience|--token-env|--function-key-env/);
  });
});
