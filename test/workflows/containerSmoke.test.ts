// The container smoke test runs on GitHub's runners (Docker exists there, not here). These tests check what can be
// checked without an engine: the job's shape, the script's syntax and steps, and the compose file's health gating.
import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hostWritablePaths, runtimeUser } from "../../app/src/contract/hostPaths";
import { containerPort } from "../../app/src/contract/settingNames";
import { readYaml, stepsOf, workflow } from "./workflow-files";

const scriptPath = "app/scripts/containerSmoke.sh";
const script = readFileSync(scriptPath, "utf8");
const job = workflow("checks.yml").jobs["container-smoke"];
const compose = readYaml<{ services: Record<string, any> }>("app/docker-compose.yml");

/** The script's lines without comments, so a step mentioned only in a comment does not count. */
const code = script
  .split("\n")
  .filter((line) => !line.trim().startsWith("#"))
  .join("\n");

describe("checks.yml: the container-smoke job", () => {
  it("runs on a GitHub-hosted Ubuntu runner with a time limit, after installing the locked dependencies", () => {
    expect(job?.["runs-on" as keyof typeof job]).toBe("ubuntu-24.04");
    expect((job as Record<string, unknown>)["timeout-minutes"]).toBeLessThanOrEqual(30);
    const steps = stepsOf(job!);
    expect(steps[0]?.uses).toMatch(/^actions\/checkout@/);
    expect(steps.map((step) => step.run?.trim())).toEqual(expect.arrayContaining(["npm ci --ignore-scripts", scriptPath]));
    expect(steps.findIndex((step) => step.run?.trim() === "npm ci --ignore-scripts")).toBeLessThan(
      steps.findIndex((step) => step.run?.trim() === scriptPath),
    );
  });

  it("keeps the histories the script recorded as an artifact, also when a later step failed", () => {
    const steps = stepsOf(job!);
    const smoke = steps.find((step) => step.run?.trim() === scriptPath);
    const upload = steps.find((step) => step.uses?.startsWith("actions/upload-artifact@"));
    expect(smoke?.env?.REPLAY_HISTORIES_DIR).toBe("${{ runner.temp }}/orchestration-histories");
    expect(upload).toMatchObject({ if: "always()", with: { path: smoke?.env?.REPLAY_HISTORIES_DIR } });
    expect(steps.indexOf(upload!)).toBeGreaterThan(steps.indexOf(smoke!));
  });

  it("needs no secrets and no Azure: the workflow grants read access to the contents only", () => {
    expect(workflow("checks.yml").permissions).toEqual({ contents: "read" });
    expect(JSON.stringify(job)).not.toMatch(/secrets\.|azure\/login/);
  });
});

describe(`${scriptPath}`, () => {
  it("is executable, stops at the first failure, and parses (bash -n)", () => {
    expect(statSync(scriptPath).mode & 0o111).not.toBe(0);
    expect(script.startsWith("#!/usr/bin/env bash\n")).toBe(true);
    expect(code).toMatch(/^set -euo pipefail$/m);
    const syntax = spawnSync("bash", ["-n", scriptPath], { encoding: "utf8" });
    expect(syntax.stderr).toBe("");
    expect(syntax.status).toBe(0);
  });

  it("builds app/Dockerfile through the compose file and starts it health-gated", () => {
    expect(code).toMatch(/docker compose -f app\/docker-compose\.yml/);
    expect(code).toMatch(/\bbuild\b/);
    expect(code).toMatch(/up --detach --wait/);
  });

  it("seeds the audit table with the seed script and takes the expected count from its output", () => {
    expect(code).toMatch(/npm run seed:audit --workspace app/);
    expect(code).toContain("Expected answer for");
  });

  it("submits a query, polls /api/status/{id} to Completed, compares the count, checks health and a 404", () => {
    expect(code).toContain("/api/submit/query?$query_range");
    expect(code).toMatch(/query_range="s=[^"&]+&e=[^"]+"/);
    expect(code).toContain("/api/status/");
    expect(code).toContain("Completed");
    expect(code).toContain("/api/health");
    expect(code).toMatch(/\b404\b/);
  });

  it("runs the image again as on AKS: uid 1000, read-only root, a tmpfs on exactly the paths the host writes, no capabilities", () => {
    expect(code).toContain("--read-only");
    expect(code).toContain(`--user ${runtimeUser.uid}:${runtimeUser.gid}`);
    expect(code).toContain("--cap-drop ALL");
    const tmpfs = code
      .match(/^aks_writable_paths=\(([^)]*)\)$/m)?.[1]
      ?.trim()
      .split(/\s+/);
    expect(tmpfs?.sort()).toEqual([...hostWritablePaths].sort());
    expect(code).toMatch(/--tmpfs "\$path"/);
  });

  it("runs pattern instances to the end and leaves one waiting, then replays every recorded history through the replay gate", () => {
    for (const pattern of ["chaining", "fan-out-fan-in", "monitor"]) expect(code).toContain(`start_pattern ${pattern} '`);
    expect(code).toMatch(/recorded_instances\+=\("\$\{status_uri##\*\/\}"\)/);
    expect(code).toContain(
      'npx tsx test/app/replay/exportHistories.ts --hub "$task_hub" --out "$histories_dir" "${recorded_instances[@]}"',
    );
    expect(code).toContain('REPLAY_HISTORIES_DIR="$histories_dir" npx vitest run test/app/replay/replayGate.test.ts');
    expect(code.indexOf("exportHistories.ts")).toBeLessThan(code.indexOf('echo "SMOKE PASSED"'));
  });

  it("checks that approvals are refused (503) where no sign-in is configured, both the start and a decision: never open", () => {
    expect(code).not.toContain("start_pattern approval");
    // The start's body names a submitter: the route must not take it from there.
    expect(code).toContain(`-d '{"request":"smoke","submittedBy":{"id":"anyone"}}' "$base/api/patterns/approval"`);
    expect(code).toContain('-X POST -H "X-Forwarded-User: anyone" \\\n  "$base/api/approvals/00000000000000000000000000000000/approve"');
    for (const step of ["start", "decision"]) expect(code).toContain(`== 503 ]] || fail "an approval ${step} without sign-in answered`);
  });

  it("checks that SIGTERM reaches the host (it exits before docker's kill), and starts it once as on App Service", () => {
    expect(code).toMatch(/docker stop/);
    expect(code).toContain("137");
    expect(code).toContain("WEBSITE_INSTANCE_ID");
  });

  it("as on App Service the app gets function keys, as the settings map gives it there, and a keyless submit gets 401", () => {
    // The env file comes from compose, which opts out of keys for local runs: the App Service run sets them back.
    expect(code).toMatch(/--env HttpAuthLevel=function/);
    expect(code).toMatch(/== 401/);
  });
});

describe("app/docker-compose.yml: health-gated start", () => {
  it("Azurite has a healthcheck, and the app starts only once it is healthy", () => {
    expect(compose.services.azurite.healthcheck.test).toBeDefined();
    expect(compose.services["functions-app"].depends_on).toEqual({ azurite: { condition: "service_healthy" } });
  });

  it("the app has a healthcheck on /api/health, so `up --wait` waits for a host that answers", () => {
    expect(JSON.stringify(compose.services["functions-app"].healthcheck.test)).toContain(`localhost:${containerPort}/api/health`);
  });
});
