// A pull request runs the branch's code, so its previews use the read-only preview identity, only once a reviewer of the
// `preview` environment has approved the run (the identity trusts that environment's subject and nothing else), and
// never reach prod (its state key, its resource group): prod is previewed only from the protected environment on main.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readFileSync } from "node:fs";
import { environmentOf, pulumiCommands, stepsOf, workflow, type Job } from "./workflow-files";

const pr = workflow("pr.yml");
const bootstrapStacks = (
  parse(readFileSync("bootstrap/Pulumi.subscription.yaml", "utf8")) as { config: Record<string, Record<string, { deployer: string }>> }
).config["durable-aks-bootstrap:stacks"]!;
const devDeployedStacks = Object.entries(bootstrapStacks)
  .filter(([, stack]) => stack.deployer === "dev")
  .map(([name]) => name);

/** The stacks a job can reach: its matrix values substituted into the command's stack name and secrets provider. */
function reachedStacks(job: Job): string[] {
  const matrixStacks = (job.strategy?.matrix?.["stack"] as string[] | undefined) ?? [""];
  return pulumiCommands(job).flatMap((step) =>
    matrixStacks.flatMap((stack) => {
      const text = [step.with?.["stack-name"], step.with?.["secrets-provider"]].join(" ").replaceAll("${{ matrix.stack }}", stack);
      return [...text.matchAll(/durable-aks[/-]([a-z0-9-]+)/g)].map((match) => match[1]!);
    }),
  );
}

const clientIdOf = (job: Job) => stepsOf(job).find((step) => step.uses?.startsWith("azure/login@"))?.with?.["client-id"];
const pulumiJobs = Object.entries(pr.jobs).filter(([, job]) => pulumiCommands(job).length > 0);

describe("pull request previews", () => {
  it("exist, and every job that runs Pulumi waits in the preview environment and signs in as the preview identity", () => {
    expect(pulumiJobs.length).toBeGreaterThan(0);
    for (const [, job] of pulumiJobs) {
      expect(environmentOf(job)).toBe("preview");
      expect(clientIdOf(job)).toBe("${{ inputs.client-id }}");
      expect(job.steps?.find((step) => step.uses === "./.github/actions/pulumi-azure")?.with?.["client-id"]).toBe(
        "${{ vars.AZURE_CLIENT_ID_PREVIEW }}",
      );
    }
  });

  it("never reach prod: neither its stack nor its secrets-provider key", () => {
    for (const [, job] of pulumiJobs) expect(reachedStacks(job)).not.toContain("prod");
  });

  it("reach exactly the stacks whose keys the bootstrap gives the preview identity (those main deploys)", () => {
    const reached = new Set(pulumiJobs.flatMap(([, job]) => reachedStacks(job)));
    expect([...reached].sort()).toEqual([...devDeployedStacks].sort());
  });

  it("the offline checks run before any approval, with no identity and no secret", () => {
    const checks = workflow("checks.yml");
    expect(pr.jobs["checks"]?.uses).toBe("./.github/workflows/checks.yml");
    expect(checks.permissions).toEqual({ contents: "read" });
    for (const job of Object.values(checks.jobs)) {
      expect(environmentOf(job)).toBeUndefined();
      expect(job.permissions?.["id-token"]).toBeUndefined();
      expect(JSON.stringify(job)).not.toMatch(/secrets\.|vars\.AZURE_CLIENT_ID/);
    }
  });

  it("only preview: no pulumi command but preview", () => {
    for (const [, job] of pulumiJobs) for (const step of pulumiCommands(job)) expect(step.with?.["command"]).toBe("preview");
  });
});
