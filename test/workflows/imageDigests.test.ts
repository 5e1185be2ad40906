// Base images and the OAuth2 Proxy image get pinned by digest on GitHub (no registry is reachable here), and dev refuses
// to build from an unpinned base. The scripts run for real here against a stand-in for `docker buildx imagetools`.
import { execFile } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../infra/config";
import { runProgram } from "../../tools/render/runProgram";
import { stepsOf, workflow } from "./workflow-files";

const run = promisify(execFile);
const checkScript = ".github/scripts/check-pinned-base-images.sh";
const pinScript = ".github/scripts/pin-image-digests.sh";
const digest = (seed: string) => `sha256:${seed.repeat(64).slice(0, 64)}`;
const outcome = (promise: Promise<{ stdout: string; stderr: string }>) =>
  promise.then(
    (output) => ({ ok: true, ...output }),
    (error: { stdout: string; stderr: string }) => ({ ok: false, stdout: error.stdout, stderr: error.stderr }),
  );

/** A copy of the files the pin script edits, and a fake `docker` answering `buildx imagetools inspect` by image. */
function workspace(digests: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), "pin-"));
  mkdirSync(join(root, "app"));
  mkdirSync(join(root, "infra", "config"), { recursive: true });
  cpSync("app/Dockerfile", join(root, "app", "Dockerfile"));
  cpSync("infra/config/environmentDefaults.ts", join(root, "infra", "config", "environmentDefaults.ts"));
  const bin = join(root, "bin");
  mkdirSync(bin);
  const cases = Object.entries(digests)
    .map(
      ([image, value]) =>
        `  ${JSON.stringify(image)}) echo '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","digest":"${value}"}';;`,
    )
    .join("\n");
  writeFileSync(
    join(bin, "docker"),
    `#!/usr/bin/env bash\n[[ "$1 $2 $3" == "buildx imagetools inspect" ]] || exit 2\necho "$4" >> "${root}/inspected"\ncase "$4" in\n${cases}\n  *) echo "not found: $4" >&2; exit 1;;\nesac\n`,
  );
  chmodSync(join(bin, "docker"), 0o755);
  return { root, env: { PATH: `${bin}:${process.env.PATH}` } };
}

const images = {
  "node:22.23.3-bookworm-slim": digest("a"),
  "mcr.microsoft.com/azure-functions/node:4-node22": digest("b"),
  "quay.io/oauth2-proxy/oauth2-proxy:v7.15.3": digest("c"),
};

describe(`${pinScript}`, () => {
  it("writes <tag>@sha256:<digest> into each FROM of app/Dockerfile and into the OAuth2 Proxy image default", async () => {
    const { root, env } = workspace(images);
    await run("bash", [pinScript, root], { env });
    const dockerfile = readFileSync(join(root, "app", "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(new RegExp(`^FROM node:22\\.23\\.3-bookworm-slim@${digest("a")} AS build$`, "m"));
    expect(dockerfile).toMatch(new RegExp(`^FROM mcr\\.microsoft\\.com/azure-functions/node:4-node22@${digest("b")}$`, "m"));
    expect(readFileSync(join(root, "infra", "config", "environmentDefaults.ts"), "utf8")).toContain(
      `oauth2ProxyImageTag: "v7.15.3@${digest("c")}",`,
    );
    // Nothing else changed in the Dockerfile.
    const others = (text: string) => text.split("\n").filter((line) => !line.startsWith("FROM "));
    expect(others(dockerfile)).toEqual(others(readFileSync("app/Dockerfile", "utf8")));
    // The check then accepts the result.
    const check = await outcome(run("bash", [checkScript, join(root, "app", "Dockerfile")]));
    expect(check.ok).toBe(true);
  });

  it("moves an already pinned image to the digest its tag points at now", async () => {
    const { root, env } = workspace(images);
    await run("bash", [pinScript, root], { env });
    const newer = workspace({
      ...images,
      "node:22.23.3-bookworm-slim": digest("d"),
      "quay.io/oauth2-proxy/oauth2-proxy:v7.15.3": digest("e"),
    });
    cpSync(join(root, "app", "Dockerfile"), join(newer.root, "app", "Dockerfile"));
    cpSync(join(root, "infra", "config", "environmentDefaults.ts"), join(newer.root, "infra", "config", "environmentDefaults.ts"));
    await run("bash", [pinScript, newer.root], { env: newer.env });
    expect(readFileSync(join(newer.root, "inspected"), "utf8").trim().split("\n").sort()).toEqual(Object.keys(images).sort());
    expect(readFileSync(join(newer.root, "app", "Dockerfile"), "utf8")).toContain(
      `FROM node:22.23.3-bookworm-slim@${digest("d")} AS build`,
    );
    expect(readFileSync(join(newer.root, "infra", "config", "environmentDefaults.ts"), "utf8")).toContain(`"v7.15.3@${digest("e")}"`);
  });

  it("fails without writing a wrong pin when the registry gives no digest", async () => {
    const { root, env } = workspace({ "node:22.23.3-bookworm-slim": digest("a") });
    const result = await outcome(run("bash", [pinScript, root], { env }));
    expect(result.ok).toBe(false);
    expect(readFileSync(join(root, "infra", "config", "environmentDefaults.ts"), "utf8")).toContain('oauth2ProxyImageTag: "v7.15.3",');
  });
});

describe(`${checkScript}`, () => {
  it("refuses today's Dockerfile, naming each unpinned base image", async () => {
    const result = await outcome(run("bash", [checkScript, "app/Dockerfile"]));
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain("node:22.23.3-bookworm-slim is not pinned by digest");
    expect(result.stderr).toContain("mcr.microsoft.com/azure-functions/node:4-node22 is not pinned by digest");
  });
});

describe("the workflows", () => {
  it("dev refuses an unpinned base before it signs in and builds (prod only promotes dev's digest)", () => {
    const steps = stepsOf(workflow("deploy-dev.yml").jobs["up"]!);
    const check = steps.findIndex((step) => step.run?.includes(checkScript));
    expect(check).toBeGreaterThanOrEqual(0);
    expect(steps[check]!.run).toBe(`${checkScript} app/Dockerfile`);
    expect(check).toBeLessThan(steps.findIndex((step) => step.uses?.startsWith("azure/login@")));
  });

  it("the pin workflow runs by hand, opens a pull request and never gets an Azure token", () => {
    const pin = workflow("pin-image-digests.yml");
    expect(Object.keys(pin.on)).toEqual(["workflow_dispatch"]);
    const job = pin.jobs["pin"]!;
    expect(job.permissions).toEqual({ contents: "write", "pull-requests": "write" });
    const runs = stepsOf(job).map((step) => step.run ?? "");
    expect(runs.join("\n")).toContain(pinScript);
    expect(runs.join("\n")).toMatch(/gh pr create --base main/);
    expect(JSON.stringify(pin)).not.toMatch(/azure\/login|id-token|secrets\./);
  });
});

describe("the OAuth2 Proxy image setting", () => {
  it("accepts a release pinned by digest and hands it to the chart as the tag (<registry>/<repository>:<tag>@<digest>)", async () => {
    const imageTag = `v7.15.3@${digest("f")}`;
    const dev = await runProgram({ stack: "dev", config: { oauth2Proxy: { imageTag } } });
    const release = dev.resources.find((resource) => resource.type === "kubernetes:helm.sh/v3:Release")!;
    expect(release.inputs.values.image.tag).toBe(imageTag);
  });

  it("still refuses the releases with auth bypasses, pinned or not", async () => {
    const error = await runProgram({ stack: "dev", config: { oauth2Proxy: { imageTag: `v7.15.2@${digest("f")}` } } }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((issue) => issue.key)).toContain("durable-aks:oauth2Proxy.imageTag");
  });
});
