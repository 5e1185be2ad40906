// The deploying jobs get kubelogin and kubectl at versions and SHA-256 sums committed in the action, verified before
// anything is installed; the script runs for real here against a stand-in for curl.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { minimumKubernetesMinor } from "../../infra/config/platformLimits";
import { actionFiles, readYaml, type CompositeAction } from "./workflow-files";

const run = promisify(execFile);
const script = ".github/actions/pulumi-azure/install-kube-tools.sh";
const action = readYaml<CompositeAction>(actionFiles[0]!);
const installStep = action.runs.steps.find((step) => step.run?.includes("install-kube-tools.sh"))!;
const sha256 = (content: Buffer | string) => createHash("sha256").update(content).digest("hex");

/** A directory with a fake `curl` that writes canned downloads by URL, and the canned files themselves. */
function fakeDownloads() {
  const root = mkdtempSync(join(tmpdir(), "kube-tools-"));
  const bin = join(root, "bin");
  mkdirSync(bin);
  mkdirSync(join(root, "zip", "bin", "linux_amd64"), { recursive: true });
  writeFileSync(join(root, "zip", "bin", "linux_amd64", "kubelogin"), "#!/bin/sh\necho kubelogin\n");
  writeFileSync(join(root, "kubectl"), "#!/bin/sh\necho kubectl\n");
  return { root, bin };
}

async function install(env: Record<string, string>) {
  const { root, bin } = fakeDownloads();
  await run("zip", ["-qr", join(root, "kubelogin.zip"), "bin"], { cwd: join(root, "zip") });
  // Answers like curl --output <file> <url>, logging each URL.
  writeFileSync(
    join(bin, "curl"),
    `#!/usr/bin/env bash\nset -e\nout=""; url=""\nwhile [[ $# -gt 0 ]]; do case "$1" in --output) out="$2"; shift 2;; -*) shift;; *) url="$1"; shift;; esac; done\necho "$url" >> "${root}/urls"\ncase "$url" in *kubelogin-linux-amd64.zip) cp "${root}/kubelogin.zip" "$out";; */kubectl) cp "${root}/kubectl" "$out";; *) exit 22;; esac\n`,
  );
  chmodSync(join(bin, "curl"), 0o755);
  const runnerTemp = join(root, "runner-temp");
  mkdirSync(runnerTemp);
  const githubPath = join(root, "github-path");
  writeFileSync(githubPath, "");
  const genuine = {
    KUBELOGIN_SHA256: sha256(readFileSync(join(root, "kubelogin.zip"))),
    KUBECTL_SHA256: sha256(readFileSync(join(root, "kubectl"))),
  };
  const result = await run("bash", [script], {
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      RUNNER_TEMP: runnerTemp,
      GITHUB_PATH: githubPath,
      KUBELOGIN_VERSION: "v0.2.19",
      KUBECTL_VERSION: "v1.35.5",
      ...genuine,
      ...env,
    },
  }).then(
    (output) => ({ ok: true as const, ...output }),
    (error: { stderr: string }) => ({ ok: false as const, stdout: "", stderr: error.stderr }),
  );
  const installed = join(runnerTemp, "kube-tools", "bin");
  return {
    ...result,
    installed,
    githubPath: readFileSync(githubPath, "utf8"),
    urls: readFileSync(join(root, "urls"), "utf8").trim().split("\n"),
  };
}

describe("install-kube-tools.sh", () => {
  it("downloads the pinned versions from their official locations and installs both onto PATH, without sudo", async () => {
    const result = await install({});
    expect(result.stderr).toBe("");
    expect(result.urls).toEqual([
      "https://github.com/Azure/kubelogin/releases/download/v0.2.19/kubelogin-linux-amd64.zip",
      "https://dl.k8s.io/release/v1.35.5/bin/linux/amd64/kubectl",
    ]);
    for (const tool of ["kubelogin", "kubectl"]) expect(existsSync(join(result.installed, tool)), tool).toBe(true);
    expect(result.githubPath.trim()).toBe(result.installed);
    expect(readFileSync(script, "utf8")).not.toMatch(/\bsudo\b/);
  });

  it.each([
    ["kubelogin", { KUBELOGIN_SHA256: "0".repeat(64) }],
    ["kubectl", { KUBECTL_SHA256: "0".repeat(64) }],
  ])("refuses a %s whose SHA-256 differs from the committed one, and installs nothing", async (tool, env) => {
    const result = await install(env);
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/does not match the SHA-256 committed/);
    expect(result.stderr).toContain(tool);
    expect(existsSync(result.installed)).toBe(false);
    expect(result.githubPath).toBe("");
  });
});

describe("the action's pins", () => {
  it("commits a version and a SHA-256 for each tool, and no longer installs through the Azure CLI", () => {
    expect(installStep.env).toMatchObject({
      KUBELOGIN_VERSION: expect.stringMatching(/^v\d+\.\d+\.\d+$/),
      KUBELOGIN_SHA256: expect.stringMatching(/^[a-f0-9]{64}$/),
      KUBECTL_VERSION: expect.stringMatching(/^v1\.\d+\.\d+$/),
      KUBECTL_SHA256: expect.stringMatching(/^[a-f0-9]{64}$/),
    });
    expect(readFileSync(actionFiles[0]!, "utf8")).not.toMatch(/az aks install-cli|\bsudo\b/);
  });

  it("keeps kubectl within one minor version of every cluster the program may create (the 1.34 floor and newer)", () => {
    // kubectl is supported within one minor (older or newer) of kube-apiserver (kubernetes.io version skew policy).
    const minor = Number(/^v1\.(\d+)\./.exec(String(installStep.env?.["KUBECTL_VERSION"]))![1]);
    expect(minor - minimumKubernetesMinor).toBeGreaterThanOrEqual(0);
    expect(minor - minimumKubernetesMinor).toBeLessThanOrEqual(1);
  });

  it("installs and verifies them before the job signs in to Azure", () => {
    const index = (found: (step: (typeof action.runs.steps)[number]) => boolean) => action.runs.steps.findIndex(found);
    expect(index((step) => step === installStep)).toBeLessThan(index((step) => step.uses?.startsWith("azure/login@") === true));
  });
});
