// Moving the bootstrap's own state into the container it creates: the script runs for real with bash against a
// stand-in for the Pulumi CLI (./fakes/pulumi) with a local and a container backend.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const fakes = resolve(__dirname, "fakes");
const backend = "azblob://pulumi-state?storage_account=stpulumiabc123";
const provider = "azurekeyvault://kv-pulumi-abc123.vault.azure.net/keys/durable-aks-bootstrap-subscription";

/** A copy of bootstrap/ (Pulumi.yaml and the script) and a local state holding two resources. */
function bootstrapCopy() {
  const root = mkdtempSync(join(tmpdir(), "move-state-"));
  const bootstrap = join(root, "bootstrap");
  mkdirSync(join(bootstrap, "scripts"), { recursive: true });
  cpSync("bootstrap/Pulumi.yaml", join(bootstrap, "Pulumi.yaml"));
  cpSync("bootstrap/scripts/move-state-to-backend.sh", join(bootstrap, "scripts", "move-state-to-backend.sh"));
  writeFileSync(join(bootstrap, "Pulumi.subscription.yaml.bak.12345"), "encryptionsalt: v1:abc\n");
  const state = join(root, "pulumi");
  mkdirSync(state);
  writeFileSync(
    join(state, "local.json"),
    JSON.stringify({
      outputs: { stateBackendUrl: backend, bootstrapSecretsProvider: provider },
      deployment: { resources: [{ urn: "urn:pulumi:subscription::durable-aks-bootstrap::pulumi:pulumi:Stack::s" }, { urn: "urn:b" }] },
    }),
  );
  return { bootstrap, state };
}

async function move(mode = "") {
  const { bootstrap, state } = bootstrapCopy();
  const result = await run("bash", [join(bootstrap, "scripts", "move-state-to-backend.sh")], {
    env: { PATH: `${fakes}:${process.env.PATH}`, FAKE_PULUMI_DIR: state, FAKE_PULUMI_MODE: mode },
  }).then(
    (output) => ({ ok: true, ...output }),
    (error: { stdout: string; stderr: string }) => ({ ok: false, stdout: error.stdout, stderr: error.stderr }),
  );
  const calls = readFileSync(join(state, "calls"), "utf8").trim().split("\n");
  return { ...result, bootstrap, state, calls, pulumiYaml: readFileSync(join(bootstrap, "Pulumi.yaml"), "utf8") };
}

describe("bootstrap/scripts/move-state-to-backend.sh", () => {
  it("migrates the stack into the container with the vault key, checks the copy, switches the backend, then removes the local copy", async () => {
    const result = await move();
    expect(result.stderr).toBe("");
    expect(result.calls).toEqual([
      "file://~ stack output --stack subscription --json",
      "file://~ stack export --stack subscription",
      `${backend} stack migrate file://~ subscription --secrets-provider ${provider} --yes`,
      `${backend} stack export --stack subscription`,
      `${backend} stack export --stack subscription --show-secrets`,
      "file://~ stack rm subscription --force --yes --preserve-config --remove-backups",
    ]);
    expect(result.pulumiYaml).toContain(`backend:\n  url: ${backend}\n`);
    expect(existsSync(join(result.state, "local.json"))).toBe(false);
    expect(existsSync(join(result.state, "container.json"))).toBe(true);
    expect(existsSync(join(result.bootstrap, "Pulumi.subscription.yaml.bak.12345"))).toBe(false);
  });

  it("keeps the local state and the local backend when the copy lacks a resource", async () => {
    const result = await move("lossy");
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/differs from the local state; the local state is kept/);
    expect(result.calls.some((call) => call.includes("stack rm"))).toBe(false);
    expect(result.pulumiYaml).toContain("url: file://~");
    expect(existsSync(join(result.state, "local.json"))).toBe(true);
  });

  it("keeps the local state when the copy's secrets do not decrypt with the vault key", async () => {
    const result = await move("undecryptable");
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/secrets do not decrypt; the local state is kept/);
    expect(result.calls.some((call) => call.includes("stack rm"))).toBe(false);
    expect(existsSync(join(result.state, "local.json"))).toBe(true);
  });

  it("refuses to run twice: once moved, Pulumi.yaml names the container", async () => {
    const { bootstrap, state } = bootstrapCopy();
    const env = { PATH: `${fakes}:${process.env.PATH}`, FAKE_PULUMI_DIR: state };
    await run("bash", [join(bootstrap, "scripts", "move-state-to-backend.sh")], { env });
    await expect(run("bash", [join(bootstrap, "scripts", "move-state-to-backend.sh")], { env })).rejects.toMatchObject({
      stderr: expect.stringMatching(/has the state moved already/),
    });
  });
});
