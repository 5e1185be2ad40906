import { describe, expect, it, vi } from "vitest";
import { render } from "../../../tools/render/render";

async function renderQuietly(args: string[]) {
  const out: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...items) => void out.push(items.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...items) => void out.push(items.join(" ")));
  try {
    return { code: await render(args), text: out.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe("offline render of the bootstrap (npm run render -- --project bootstrap <stack>)", () => {
  it("prints what it creates, who gets which role and why, the GitHub setup script, and passes the policy pack", async () => {
    const { code, text } = await renderQuietly(["--project", "bootstrap", "subscription"]);
    expect(text).toContain("Bootstrap subscription (durable-aks-bootstrap)");
    expect(text).toMatch(/\+ azure-native:storage:StorageAccount\s+state-account/);
    expect(text).toMatch(/ci-preview\s+Reader on resource group rg-durable-aks-dev: pulumi preview reads/);
    expect(text).toMatch(/ci-prod\s+Key Vault Crypto User on key durable-aks-prod/);
    expect(text).toMatch(/ci-prod\s+durable-aks resource lock operator \([a-z0-9]{6}\) \(custom\) on resource group rg-durable-aks-prod/);
    expect(text).toContain("set -euo pipefail");
    expect(text).toContain(`gh variable set AZURE_CLIENT_ID_PREVIEW --repo "$repo" --env 'preview' --body`);
    expect(text).toContain("oauth2ProxyClientSecrets = [secret]");
    expect(text).not.toContain("mock~");
    expect(text).toContain("Policy pack: no violations");
    expect(code).toBe(0);
  });

  it("stops on a malformed stack file with the config error naming the key (the command exits 2)", async () => {
    await expect(renderQuietly(["--project", "bootstrap", "subscription", "--set", 'stacks={"dev":{"deployer":"qa"}}'])).rejects.toThrow(
      /durable-aks-bootstrap:stacks\.dev\.deployer = "qa": must be dev/,
    );
  });
});
