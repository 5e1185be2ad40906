import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it, vi } from "vitest";
import YAML from "yaml";
import { parseOverrides, render } from "../../../tools/render/render";
import { formatPlan } from "../../../tools/render/renderPlan";
import { runProgram } from "../../../tools/render/runProgram";
import { validateManifests } from "../../../tools/render/validateManifests";

async function renderQuietly(args: string[]) {
  const out: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...items) => void out.push(items.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...items) => void out.push(items.join(" ")));
  try {
    const code = await render(args);
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
    // Issue 11's "done when": keyless storage, host by account name, KEDA by workload identity.
    expect(text).toContain("Storage account: allowSharedKeyAccess false, defaultToOAuthAuthentication true");
    expect(text).toMatch(/^Provider calls: .*$/m);
    expect(text).not.toContain("listStorageAccountKeys");
    expect(text).toMatch(/AzureWebJobsStorage__accountName = st\w+ {3}\(ConfigMap\)/);
    expect(text).toContain("AzureWebJobsStorage__credential = workloadidentity");
    expect(manifests.find((manifest) => manifest.kind === "TriggerAuthentication")?.spec.podIdentity.provider).toBe("azure-workload");
    // Issue 11: the audit query's Key Vault secret names the table service and holds no key; issue 12: ingestion by Entra ID only.
    expect(text).toMatch(
      /^Audit table connection \(Key Vault secret\): TableEndpoint=https:\/\/st\w+\.table\.core\.windows\.net\/ \(no key: the app's identity\)$/m,
    );
    expect(text).toContain("Application Insights: disableLocalAuth true (ingestion by Entra ID only)");
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
});
