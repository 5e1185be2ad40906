import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it, vi } from "vitest";
import YAML from "yaml";
import { parseOverrides, render, type ProgramRunner } from "../../../tools/render/render";
import { formatPlan } from "../../../tools/render/renderPlan";
import { runProgram } from "../../../tools/render/runProgram";
import { validateManifests } from "../../../tools/render/validateManifests";
import { sharedRun } from "../../support/programRuns";

/** Renders as the command does, from the worker's shared program runs (the command's own runs are runProgram's). */
async function renderQuietly(args: string[], runner: ProgramRunner = ({ stack, config }) => sharedRun(stack, config)) {
  const out: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...items) => void out.push(items.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...items) => void out.push(items.join(" ")));
  try {
    const code = await render(args, runner);
    return { code, text: out.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe("offline render (npm run render -- <stack>)", () => {
  it.each(["dev", "prod"])("renders %s: prints the plan, writes schema-valid manifests, no secret in them", async (stack) => {
    const out = await mkdtemp(path.join(tmpdir(), "render-"));
    const { code, text } = await renderQuietly([stack, "--out", out]);
    expect(text).toContain(`Stack ${stack} (durable-aks)`);
    expect(text).toMatch(/Image: \S+@sha256:[a-f0-9]{64}/);
    expect(text).toContain("all valid against the Kubernetes schemas");
    expect(code).toBe(0);
    const files = (await readdir(path.join(out, stack))).filter((file) => file.endsWith(".yaml"));
    expect(files.length).toBeGreaterThanOrEqual(10);
    const manifests = await Promise.all(files.map(async (file) => YAML.parse(await readFile(path.join(out, stack, file), "utf8"))));
    expect(await validateManifests(manifests)).toEqual([]);
    const all = JSON.stringify(manifests);
    expect(all).not.toMatch(/AccountKey=/);
    expect(all).toContain("[secret]");
    // Keyless storage: host by account name, KEDA by workload identity.
    expect(text).toContain("Storage account: allowSharedKeyAccess false, defaultToOAuthAuthentication true");
    expect(text).toMatch(/^Provider calls: .*$/m);
    expect(text).not.toContain("listStorageAccountKeys");
    expect(text).toMatch(/AzureWebJobsStorage__accountName = st\w+ {3}\(ConfigMap\)/);
    expect(text).toContain("AzureWebJobsStorage__credential = workloadidentity");
    expect(manifests.find((manifest) => manifest.kind === "TriggerAuthentication")?.spec.podIdentity.provider).toBe("azure-workload");
    // The audit query's Key Vault secret names the table service and holds no key; telemetry ingestion by Entra ID only.
    expect(text).toMatch(
      /^Audit table connection \(Key Vault secret\): TableEndpoint=https:\/\/st\w+\.table\.core\.windows\.net\/ \(no key: the app's identity\)$/m,
    );
    expect(text).toContain("Application Insights: disableLocalAuth true (ingestion by Entra ID only)");
  });

  it("renders from a fresh run of the program (runProgram, the command's own runner)", async () => {
    const { code, text } = await renderQuietly(["dev", "--out", await mkdtemp(path.join(tmpdir(), "render-"))], runProgram);
    expect(code).toBe(0);
    expect(text).toContain("Stack dev (durable-aks)");
  });

  it("renders the App Service variant when hosting is flipped", async () => {
    const out = await mkdtemp(path.join(tmpdir(), "render-"));
    const { code, text } = await renderQuietly(["dev", "--set", "hosting=appService", "--out", out]);
    expect(code).toBe(0);
    expect(text).toContain("hosting appService");
    expect(text).toContain("azure-native:web:WebApp");
    expect(text).not.toContain("ManagedCluster");
    expect(text).toContain("Kubernetes manifests: 0 written");
    expect(text).toContain("AzureWebJobsStorage__credential = managedidentity");
    expect(text).not.toContain("listStorageAccountKeys");
  });

  it("renders prod on App Service: the stack file's AKS-only keys are left out, and the output says which", async () => {
    const out = await mkdtemp(path.join(tmpdir(), "render-"));
    const { code, text } = await renderQuietly(["prod", "--set", "hosting=appService", "--out", out]);
    expect(code).toBe(0);
    expect(text).toContain("hosting appService");
    expect(text).toMatch(/hosting=appService: left out the stack file's AKS-only keys aks, ingress, app\.minReplicas, app\.maxReplicas/);
  });

  it("keeps an AKS-only key set with --set next to hosting=appService, and config refuses it", async () => {
    await expect(renderQuietly(["prod", "--set", "hosting=appService", "--set", "app.maxReplicas=5"])).rejects.toThrow(
      /durable-aks:app\.maxReplicas = 5: applies only with hosting aks/,
    );
  });

  it("shows the fallback's key listing when storage.sharedKeyAccess is on", async () => {
    const out = await mkdtemp(path.join(tmpdir(), "render-"));
    const { code, text } = await renderQuietly(["dev", "--set", 'storage={"sharedKeyAccess":true}', "--out", out]);
    expect(code).toBe(0);
    expect(text).toContain("allowSharedKeyAccess true");
    expect(text).toMatch(/^Provider calls: .*listStorageAccountKeys/m);
    expect(text).toContain("AzureWebJobsStorage = [secret]   (Secret)");
  });

  it("shows App Service's public URL at the custom domain it binds for hostname", async () => {
    const { code, text } = await renderQuietly([
      "dev",
      "--set",
      "hosting=appService",
      "--set",
      "hostname=custom.example.com",
      "--out",
      await mkdtemp(path.join(tmpdir(), "render-")),
    ]);
    expect(code).toBe(0);
    const line = text.split("\n").find((item) => item.startsWith("Public URL:"))!;
    expect(line).toMatch(/^Public URL: https:\/\/custom\.example\.com\/api \(custom domain: .*asuid\.custom\.example\.com/);
  });

  it("shows App Service's public URL as the site's host name without hostname", async () => {
    const run = await runProgram({ stack: "dev", config: { hosting: "appService", oauth2Proxy: undefined, hostname: undefined } });
    const line = formatPlan({ ...run, manifests: [], releases: [] })
      .split("\n")
      .find((item) => item.startsWith("Public URL:"))!;
    expect(line).toMatch(/^Public URL: https:\/\/func-[a-z0-9-]+\.azurewebsites\.net\/api \(/);
    expect(line).toContain("pulumi stack output url");
  });

  it("fails with the config error and registers nothing on invalid config", async () => {
    await expect(renderQuietly(["dev", "--set", 'durable={"taskHubName":"1-bad"}'])).rejects.toThrow(
      /durable-aks:durable\.taskHubName = "1-bad": must be 3-45 letters or digits/,
    );
  });

  it("accepts dotted keys as `pulumi config set --path` does: one nested value set, its siblings kept", async () => {
    await expect(renderQuietly(["dev", "--set", "app.minReplicas=0"])).rejects.toThrow(
      /durable-aks:app\.minReplicas = 0: must be a positive whole number/,
    );
    expect(parseOverrides(["app.maxReplicas=7", "aks.userPool.maxCount=5", 'aks.zones[0]="2"', "hosting=appService"])).toEqual({
      app: { maxReplicas: 7 },
      aks: { userPool: { maxCount: 5 }, zones: ["2"] },
      hosting: "appService",
    });
    const run = await runProgram({ stack: "dev", config: parseOverrides(["app.maxReplicas=7"]) });
    expect(run.settings.app).toMatchObject({ minReplicas: 1, maxReplicas: 7 });
  });

  it("reports invalid manifests instead of writing them silently", async () => {
    const problems = await validateManifests([
      { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" }, spec: { template: {} } },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.problem).toMatch(/selector/);
  });

  it("prints usage and exits 2 without a stack", async () => {
    const { code, text } = await renderQuietly([]);
    expect(code).toBe(2);
    expect(text).toContain("Usage: npm run render");
  });

  it("announces a required secret missing from the stack file and rendered with a placeholder", async () => {
    const { code, text } = await renderQuietly(["dev", "--out", await mkdtemp(path.join(tmpdir(), "render-"))]);
    expect(code).toBe(0);
    expect(text).toContain(
      "Secret durable-aks:oauth2ProxyClientSecret is not in Pulumi.dev.yaml: rendered with a placeholder (set it with pulumi config set --secret oauth2ProxyClientSecret <value> where the stack needs it)",
    );
  });
});

describe("render arguments: usage, the stacks there are, exit 2, no stack trace", () => {
  it.each([
    [["dev", "--set", "hosting"], /--set expects key=value, got "hosting"/],
    [["dev", "--set", "=appService"], /--set expects key=value, got "=appService"/],
    [["dev", "--set", "a..b=1"], /--set: "a\.\.b" is not a config path/],
    [["dev", "--set", "app.=1"], /--set: "app\." is not a config path/],
    [["staging"], /no stack "staging": Pulumi\.staging\.yaml does not exist/],
    [["dev", "--project", "nope"], /--project takes "bootstrap"/],
    [["--project", "bootstrap", "nope"], /no stack "nope": bootstrap\/Pulumi\.nope\.yaml does not exist/],
    [["dev", "--colour"], /Unknown option '--colour'/],
    [["dev", "prod"], /one stack, got 2/],
  ])("%j", async (args, message) => {
    const { code, text } = await renderQuietly(args);
    expect(code).toBe(2);
    expect(text).toMatch(message);
    expect(text).toContain("Usage: npm run render");
    expect(text).toMatch(/^Stacks: dev, prod; bootstrap stacks \(--project bootstrap\): subscription$/m);
    expect(text).not.toMatch(/\n\s+at /);
  });
});

describe("render --out deletes only what the render wrote", () => {
  it("keeps a file it did not write and replaces its own", async () => {
    const out = await mkdtemp(path.join(tmpdir(), "render-"));
    expect((await renderQuietly(["dev", "--out", out])).code).toBe(0);
    const folder = path.join(out, "dev");
    const written = await readdir(folder);
    await writeFile(path.join(folder, "notes.txt"), "mine");
    await writeFile(path.join(folder, "helm", "mine.yaml"), "mine");
    expect((await renderQuietly(["dev", "--set", "ingress.kind=nginx", "--out", out])).code).toBe(0);
    expect(await readFile(path.join(folder, "notes.txt"), "utf8")).toBe("mine");
    expect(await readFile(path.join(folder, "helm", "mine.yaml"), "utf8")).toBe("mine");
    const after = await readdir(folder);
    // The Gateway variant's own manifests are gone, the NGINX variant's are there.
    expect(written.filter((file) => file.includes("__gateway__"))).not.toEqual([]);
    expect(after.filter((file) => file.includes("__gateway__"))).toEqual([]);
    expect(after.filter((file) => file.includes("__ingress__"))).not.toEqual([]);
  });

  it("takes over a folder an older render wrote (render-named files only, no list)", async () => {
    const out = await mkdtemp(path.join(tmpdir(), "render-"));
    await mkdir(path.join(out, "dev", "helm"), { recursive: true });
    await writeFile(path.join(out, "dev", "old__deployment__gone.yaml"), "old");
    await writeFile(path.join(out, "dev", "helm", "gone.values.yaml"), "old");
    expect((await renderQuietly(["dev", "--out", out])).code).toBe(0);
    const after = await readdir(path.join(out, "dev"));
    expect(after).not.toContain("old__deployment__gone.yaml");
    expect(await readdir(path.join(out, "dev", "helm"))).not.toContain("gone.values.yaml");
    expect(after).toContain(".render-files.json");
  });

  it("refuses a folder that holds files it did not write, and touches none of them", async () => {
    const out = await mkdtemp(path.join(tmpdir(), "render-"));
    await mkdir(path.join(out, "dev"));
    await writeFile(path.join(out, "dev", "important.txt"), "keep");
    const { code, text } = await renderQuietly(["dev", "--out", out]);
    expect(code).toBe(2);
    expect(text).toMatch(/holds files the render did not write \(important\.txt\)/);
    expect(await readdir(path.join(out, "dev"))).toEqual(["important.txt"]);
  });
});
