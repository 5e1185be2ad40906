// The release steps as the workflows call them, in order, against a stand-in GitHub on loopback: the record of each
// release, the known-good lookup, the decision after each smoke test, the rollback's record and the job summary.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contentHash } from "../../../infra/workload/image/contentTag";
import { readStackSettings } from "../../../tools/deploy/stackSettings";
import { main, stateFiles, type ReleaseDeps } from "../../../tools/release/cli";
import { githubApi } from "../../../tools/release/githubDeployments";
import { repositoryRoot } from "../../../tools/render/stackConfig";
import type { SmokeOutcome, SmokeResult } from "../../../tools/smoke/result";
import { startFakeGitHub } from "./fakeGitHub";

const stack = "organization/durable-aks/dev";
const sha = (char: string) => char.repeat(40);
const imageRef = (char: string) => `acrdev.azurecr.io/durable-app@sha256:${char.repeat(64)}`;
const env = { GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "contoso/durable-aks", GITHUB_RUN_ID: "4711" };

let github: Awaited<ReturnType<typeof startFakeGitHub>>;
beforeEach(async () => {
  github = await startFakeGitHub();
});
afterEach(() => github.close());

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

async function release(argv: string[], overrides: Partial<ReleaseDeps> = {}): Promise<Ran> {
  let stdout = "";
  const stderr: string[] = [];
  const deps: ReleaseDeps = {
    env,
    write: (text) => (stdout += text),
    log: (line) => stderr.push(line),
    api: () => githubApi({ apiUrl: github.apiUrl, repository: github.repository, token: "gh-token" }),
    readSettings: (name) => readStackSettings(name),
    root: repositoryRoot,
    ...overrides,
  };
  const code = await main(argv, deps);
  const outputs = Object.fromEntries(
    stdout
      .split("\n")
      .filter((line) => /^[a-z-]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  return { code, stdout, stderr: stderr.join("\n"), outputs };
}

function smokeResult(outcome: SmokeOutcome): SmokeResult {
  const passed = outcome === "passed";
  return {
    target: "https://durable-dev.example.com/api",
    outcome,
    checks:
      outcome === "inconclusive"
        ? []
        : [{ name: "orchestration", passed, detail: passed ? "instance1 completed" : "instance1 ended Failed" }],
    instances: ["instance1"],
  };
}

/** One run of the dev workflow's release steps: look up, (update), smoke, decide; and the rollback when told to. */
async function releaseRun(commit: string, ref: string, outcome: SmokeOutcome, rollback?: { ref: string; outcome: SmokeOutcome }) {
  const state = mkdtempSync(join(tmpdir(), "release-"));
  const common = ["--environment", "dev", "--stack", stack, "--state", state];
  const known = await release(["known-good", ...common]);
  writeFileSync(join(state, stateFiles.smoke("production")), JSON.stringify(smokeResult(outcome)));
  const decided = await release([
    "decide",
    ...common,
    "--stage",
    "production",
    "--commit",
    commit,
    "--image-ref",
    ref,
    "--url",
    "https://durable-dev.example.com/api",
  ]);
  if (rollback && decided.outputs.next === "rollback") {
    writeFileSync(join(state, stateFiles.smoke("rollback")), JSON.stringify(smokeResult(rollback.outcome)));
    await release(["record-rollback", ...common, "--commit", commit, "--image-ref", rollback.ref]);
  }
  const report = await release(["report", "--environment", "dev", "--commit", commit, "--state", state]);
  return { state, known, decided, report };
}

describe("the release record (GitHub deployments of the stack's environment)", () => {
  it("records a release that passed as a deployment of its commit with the release as payload, then a success status", async () => {
    const run = await releaseRun(sha("a"), imageRef("1"), "passed");
    expect(run.known.outputs).toEqual({ found: "false", commit: "", digest: "", "image-ref": "" });
    expect(run.known.stderr).toContain("cannot be rolled back");
    expect(run.decided.outputs).toEqual({ next: "done" });
    expect(github.deployments).toHaveLength(1);
    const [recorded] = github.deployments;
    expect(recorded!.body).toEqual({
      ref: sha("a"),
      task: "durable-aks:release",
      environment: "dev",
      auto_merge: false,
      required_contexts: [],
      payload: { stack, commit: sha("a"), imageRef: imageRef("1"), digest: `sha256:${"1".repeat(64)}` },
      description: `release aaaaaaaaaaaa sha256:111111111111`,
    });
    expect(recorded!.statuses.map((status) => status.body)).toEqual([
      {
        state: "success",
        description: "production passed its smoke test: this release is now the known-good one",
        log_url: "https://github.com/contoso/durable-aks/actions/runs/4711",
        environment_url: "https://durable-dev.example.com/api",
      },
    ]);
    expect(run.report.code).toBe(0);
    expect(run.report.stdout).toContain("### Release of dev: passed");
  });

  it("sends the job's token and the REST API version, and fails the step when GitHub refuses", async () => {
    await releaseRun(sha("a"), imageRef("1"), "passed");
    for (const request of github.requests) {
      expect(request.headers).toMatchObject({
        authorization: "Bearer gh-token",
        accept: "application/vnd.github+json",
        "x-github-api-version": "2022-11-28",
      });
    }
    const state = mkdtempSync(join(tmpdir(), "release-"));
    const refused = release(["known-good", "--environment", "dev", "--stack", stack, "--state", state], {
      api: () => githubApi({ apiUrl: github.apiUrl, repository: github.repository, token: "expired" }),
    });
    await expect(refused).rejects.toThrow(/GitHub GET \/deployments\?task=durable-aks%3Arelease&environment=dev&per_page=100 answered 401/);
  });
});

describe("a release that fails its smoke test in production", () => {
  it("is rolled back to the last known-good release, program and image, and the summary names both and the failure", async () => {
    await releaseRun(sha("a"), imageRef("1"), "passed");
    const run = await releaseRun(sha("b"), imageRef("2"), "failed", { ref: imageRef("1"), outcome: "passed" });
    expect(run.known.outputs).toEqual({ found: "true", commit: sha("a"), digest: `sha256:${"1".repeat(64)}`, "image-ref": imageRef("1") });
    expect(run.decided.outputs).toEqual({ next: "rollback" });
    expect(github.deployments.map((deployment) => [deployment.sha, deployment.statuses.map((status) => status.state)])).toEqual([
      [sha("a"), ["success", "inactive"]],
      [sha("b"), ["failure"]],
      [sha("a"), ["success"]],
    ]);
    expect(github.deployments[2]!.payload).toMatchObject({ commit: sha("a"), rollbackOf: sha("b") });
    expect(run.report.code).toBe(1);
    const summary = run.report.stdout;
    expect(summary).toContain("### Release of dev: FAILED");
    expect(summary).toContain(`| release under test | \`bbbbbbbbbbbb\` | \`${imageRef("2")}\` |`);
    expect(summary).toContain(`| last known good | \`aaaaaaaaaaaa\` | \`${imageRef("1")}\` |`);
    expect(summary).toContain(`| rolled back to | \`aaaaaaaaaaaa\` | \`${imageRef("1")}\` |`);
    expect(summary).toContain("- production: production failed its smoke test: rolling back to aaaaaaaaaaaa");
    expect(summary).toContain("- rollback: dev runs `aaaaaaaaaaaa` again (program and image) and it passed its smoke test");
    expect(summary).toContain("| orchestration | FAILED | instance1 ended Failed |");
    // The next run goes back to the same release again if it must.
    const next = await releaseRun(sha("c"), imageRef("3"), "passed");
    expect(next.known.outputs.commit).toBe(sha("a"));
  });

  it("whose rollback also fails its smoke test: recorded as a failed rollback, the summary says to look at the app", async () => {
    await releaseRun(sha("a"), imageRef("1"), "passed");
    const run = await releaseRun(sha("b"), imageRef("2"), "failed", { ref: imageRef("1"), outcome: "failed" });
    expect(github.deployments[2]!.statuses.map((status) => status.state)).toEqual(["failure"]);
    expect(run.report.stdout).toContain("but its smoke test did not pass: look at the app now");
    // The release that passed before is still the one to go back to.
    expect((await releaseRun(sha("c"), imageRef("3"), "failed")).known.outputs.commit).toBe(sha("a"));
  });

  it("refuses to record a rollback that deployed another digest than the known-good one", async () => {
    await releaseRun(sha("a"), imageRef("1"), "passed");
    await expect(releaseRun(sha("b"), imageRef("2"), "failed", { ref: imageRef("9"), outcome: "passed" })).rejects.toThrow(
      /the rollback deployed sha256:9+, not the known-good sha256:1+/,
    );
  });

  it("with nothing known good yet: recorded failed, nothing rolled back", async () => {
    const run = await releaseRun(sha("b"), imageRef("2"), "failed");
    expect(run.decided.outputs).toEqual({ next: "stop" });
    expect(run.report.code).toBe(1);
    expect(run.report.stdout).toContain("| last known good | none recorded yet | |");
  });
});

describe("a staging slot", () => {
  it("that fails its smoke test stops the release before production: recorded failed, no rollback", async () => {
    await releaseRun(sha("a"), imageRef("1"), "passed");
    const state = mkdtempSync(join(tmpdir(), "release-"));
    const common = ["--environment", "dev", "--stack", stack, "--state", state];
    await release(["known-good", ...common]);
    writeFileSync(join(state, stateFiles.smoke("slot")), JSON.stringify(smokeResult("failed")));
    const decided = await release(["decide", ...common, "--stage", "slot", "--commit", sha("b"), "--image-ref", imageRef("2")]);
    expect(decided.outputs).toEqual({ next: "stop" });
    expect(github.deployments.at(-1)!.statuses.map((status) => status.state)).toEqual(["failure"]);
    const report = await release(["report", "--environment", "dev", "--commit", sha("b"), "--state", state]);
    expect(report.code).toBe(1);
    expect(report.stdout).toContain("- staging slot: the staging slot failed its smoke test: production was not touched");
    expect(report.stdout).toContain("#### Smoke test of the staging slot: failed");
  });

  it("that passes records nothing yet: production is next", async () => {
    const state = mkdtempSync(join(tmpdir(), "release-"));
    const common = ["--environment", "dev", "--stack", stack, "--state", state];
    await release(["known-good", ...common]);
    writeFileSync(join(state, stateFiles.smoke("slot")), JSON.stringify(smokeResult("passed")));
    const decided = await release(["decide", ...common, "--stage", "slot", "--commit", sha("b"), "--image-ref", imageRef("2")]);
    expect(decided.outputs).toEqual({ next: "continue" });
    expect(github.deployments).toEqual([]);
  });
});

describe("the job summary", () => {
  it("of an update that failed before its smoke test: failed, nothing rolled back", async () => {
    const state = mkdtempSync(join(tmpdir(), "release-"));
    await release(["known-good", "--environment", "dev", "--stack", stack, "--state", state]);
    const report = await release(["report", "--environment", "dev", "--commit", sha("b"), "--state", state]);
    expect(report.code).toBe(1);
    expect(report.stdout).toContain("| release under test | `bbbbbbbbbbbb` | (no image: the update did not finish) |");
    expect(report.stdout).toContain("The update did not reach its smoke test");
  });

  it("of a smoke test that could not run: failed, recorded as error, not rolled back", async () => {
    await releaseRun(sha("a"), imageRef("1"), "passed");
    const run = await releaseRun(sha("b"), imageRef("2"), "inconclusive");
    expect(run.decided.outputs).toEqual({ next: "stop" });
    expect(github.deployments.at(-1)!.statuses.map((status) => status.state)).toEqual(["error"]);
    expect(run.report.code).toBe(1);
    expect(run.report.stdout).not.toContain("rolled back to");
  });
});

describe("the release plan", () => {
  it("dev on AKS: one update, and the SOURCE_VERSION the image built from this checkout reports", async () => {
    const plan = await release(["plan", "--stack", "dev"]);
    const hash = contentHash({ context: repositoryRoot, dockerfile: join(repositoryRoot, "app/Dockerfile") });
    expect(plan.outputs).toEqual({ "staging-slot": "false", "source-version": hash });
  });

  it("a promoting stack builds nothing here: no source version", async () => {
    expect((await release(["plan", "--stack", "prod"])).outputs).toEqual({ "staging-slot": "false", "source-version": "" });
  });

  it("App Service with a staging slot: the slot first", async () => {
    const settings = readStackSettings("dev");
    const withSlot = {
      ...settings,
      hosting: "appService" as const,
      appService: { ...settings.appService, stagingSlot: { name: "staging", taskHubName: "x", hostId: "y" } },
    };
    const plan = await release(["plan", "--stack", "dev"], { readSettings: () => withSlot });
    expect(plan.outputs["staging-slot"]).toBe("true");
    const onAks = await release(["plan", "--stack", "dev"], { readSettings: () => ({ ...withSlot, hosting: "aks" as const }) });
    expect(onAks.outputs["staging-slot"]).toBe("false");
  });

  it("a building stack told to redeploy a digest (the rollback) builds nothing: no source version", async () => {
    const settings = readStackSettings("dev", { image: { digest: `sha256:${"c".repeat(64)}` } });
    const plan = await release(["plan", "--stack", "dev"], { readSettings: () => settings });
    expect(plan.outputs["source-version"]).toBe("");
  });
});

describe("usage", () => {
  it.each([[[]], [["deploy"]], [["decide", "--stage", "canary", "--state", "/tmp/x"]], [["known-good", "--environment", "dev"]]])(
    "refuses %j with exit 2",
    async (argv) => {
      const ran = await release(argv as string[]);
      expect(ran.code).toBe(2);
      expect(ran.stderr).toContain("Usage: npx tsx tools/release/cli.ts");
    },
  );
});
