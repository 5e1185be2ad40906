// The GitHub side of the one-time setup, run for real with bash against a stand-in for the GitHub CLI (./fakes/gh).
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { githubEnvironments, githubSetupScript, type GitHubSetup } from "../../bootstrap/githubSetup";

const run = promisify(execFile);
const fakeGh = resolve(__dirname, "fakes", "gh");

const setup: GitHubSetup = {
  repository: "contoso/durable-aks",
  reviewers: ["contoso/maintainers", "alice"],
  environments: githubEnvironments({ environments: { preview: "preview", dev: "dev", prod: "prod" } }),
  variables: [
    { name: "AZURE_TENANT_ID", value: "tenant-id" },
    { name: "AZURE_CLIENT_ID_PREVIEW", value: "preview-id", environment: "preview" },
    { name: "AZURE_CLIENT_ID_DEV", value: "dev-id", environment: "dev" },
    { name: "AZURE_CLIENT_ID_PROD", value: "prod-id", environment: "prod" },
  ],
};

interface FakeGitHub {
  environments: Record<
    string,
    {
      protection_rules: Array<{ type: string; prevent_self_review: boolean; reviewers: Array<{ type: string; reviewer: { id: number } }> }>;
      deployment_branch_policy: { custom_branch_policies: boolean } | null;
      branchPolicies: Array<{ name: string; type: string }>;
    }
  >;
  variables: Record<string, string>;
  log: string[];
}

/** Runs the script against the fake; `stateFile` continues an earlier run's GitHub. */
async function runSetup(script: string, mode = "", stateFile = join(mkdtempSync(join(tmpdir(), "github-setup-")), "github.json")) {
  const scriptFile = join(dirname(stateFile), "github-setup.sh");
  writeFileSync(scriptFile, script);
  const result = await run("bash", [scriptFile], {
    env: { PATH: `${dirname(fakeGh)}:${process.env.PATH}`, FAKE_GH_STATE: stateFile, FAKE_GH_MODE: mode },
  }).then(
    (output) => ({ ok: true, ...output }),
    (error: { stdout: string; stderr: string }) => ({ ok: false, stdout: error.stdout, stderr: error.stderr }),
  );
  const github = (
    existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, "utf8")) : { environments: {}, variables: {}, log: [] }
  ) as FakeGitHub;
  return { ...result, github, stateFile };
}

describe("the GitHub setup script", () => {
  const script = githubSetupScript(setup);
  let first: Awaited<ReturnType<typeof runSetup>>;
  beforeAll(async () => {
    first = await runSetup(script);
  });

  it("is bash that stops at the first error, and parses", () => {
    expect(script.split("\n").slice(0, 5).join("\n")).toMatch(/^#!\/usr\/bin\/env bash\n(#.*\n)+set -euo pipefail$/m);
    const syntax = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
    expect(syntax.stderr).toBe("");
    expect(syntax.status).toBe(0);
  });

  it("creates each environment with its protection before any of its variables, then reads everything back", () => {
    const result = first;
    expect(result.stderr).toBe("");
    expect(result.ok).toBe(true);
    const { log, environments, variables } = result.github;
    const firstIndex = (entry: RegExp) => log.findIndex((line) => entry.test(line));
    for (const environment of ["preview", "dev", "prod"]) {
      expect(firstIndex(new RegExp(`^PUT repos/contoso/durable-aks/environments/${environment}$`)), environment).toBeLessThan(
        firstIndex(new RegExp(`^variable set ${environment}/`)),
      );
    }
    expect(variables).toEqual({
      "/AZURE_TENANT_ID": "tenant-id",
      "preview/AZURE_CLIENT_ID_PREVIEW": "preview-id",
      "dev/AZURE_CLIENT_ID_DEV": "dev-id",
      "prod/AZURE_CLIENT_ID_PROD": "prod-id",
    });
    // Read-back: every variable, every environment.
    expect(log.filter((line) => line.startsWith("variable get"))).toHaveLength(4);
    expect(log.filter((line) => /^GET repos\/contoso\/durable-aks\/environments\/[a-z]+$/.test(line))).toHaveLength(3);
    expect(environments.prod!.protection_rules).toEqual([
      expect.objectContaining({
        type: "required_reviewers",
        prevent_self_review: true,
        reviewers: expect.arrayContaining([expect.objectContaining({ type: "Team" }), expect.objectContaining({ type: "User" })]),
      }),
    ]);
    expect(environments.preview!.protection_rules).toEqual([
      expect.objectContaining({ type: "required_reviewers", prevent_self_review: false }),
    ]);
    expect(environments.dev!.protection_rules).toEqual([]);
    // Only main deploys dev and prod; previews run from refs/pull/<n>/merge, which no branch policy admits.
    expect(environments.dev!.branchPolicies).toEqual([{ name: "main", type: "branch" }]);
    expect(environments.prod!.branchPolicies).toEqual([{ name: "main", type: "branch" }]);
    expect(environments.preview!.deployment_branch_policy).toBeNull();
    expect(result.stdout).toContain("GitHub is set up for contoso/durable-aks");
  });

  it("runs again without adding a second branch policy", async () => {
    const again = await runSetup(script, "", first.stateFile);
    expect(again.ok).toBe(true);
    expect(again.github.environments.prod!.branchPolicies).toHaveLength(1);
  });

  it("stops where GitHub refuses reviewers (a private repository on a plan without them), before any variable", async () => {
    const result = await runSetup(script, "no-reviewers");
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/required reviewers are not available/);
    expect(result.github.log.filter((line) => line.startsWith("variable"))).toEqual([]);
  });

  it("fails its read-back when an environment ends up without the reviewers it asked for", async () => {
    const result = await runSetup(script, "drops-reviewers");
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/environment preview has no required reviewers/);
  });

  it("fails on a reviewer GitHub does not know, before creating anything", async () => {
    const result = await runSetup(githubSetupScript({ ...setup, reviewers: ["ghost"] }));
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/no GitHub user ghost/);
    expect(result.github.environments).toEqual({});
  });

  it("where the old bare `gh variable set` lines failed: a variable of an environment that does not exist yet", async () => {
    const result = await runSetup(
      `set -euo pipefail\ngh variable set AZURE_CLIENT_ID_PROD --repo contoso/durable-aks --env prod --body prod-id\n`,
    );
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/HTTP 404/);
  });
});
