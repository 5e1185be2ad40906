import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { secretConfigKeys } from "../../../infra/config/schema";
import type { ProgramRun } from "../../../tools/render/runProgram";
import { isSecretAt, redactSecrets } from "../../support/mockAzure/secrets";
import { repositoryRoot } from "../../../tools/render/stackConfig";
import { only, plainInputs, types } from "../../support/infra";
import { sharedRun } from "../../support/programRuns";

// Secrets travel as Pulumi secrets end to end, and no committed file holds one in plain text.
describe("secrets stay Pulumi secrets", () => {
  let run: ProgramRun;
  // Only the fallback (storage.sharedKeyAccess) reads an account key at all.
  let keyed: ProgramRun;
  beforeAll(async () => {
    run = await sharedRun("dev");
    keyed = await sharedRun("dev", { storage: { sharedKeyAccess: true } });
  });

  it("the audit table's connection reaches Key Vault as a secret", () => {
    expect(isSecretAt(only(run, types.vaultSecret).inputs, "properties.value")).toBe(true);
  });

  it("with shared keys on, the keyed connection string reaches Key Vault as a secret, built from the account's key", () => {
    const run = keyed;
    const secret = only(run, types.vaultSecret);
    expect(isSecretAt(secret.inputs, "properties.value")).toBe(true);
    const keys = run.calls.find((call) => call.token === "azure-native:storage:listStorageAccountKeys")!;
    const accountName = run.settings.names.storageAccount;
    expect(plainInputs(secret).properties.value).toBe(
      `DefaultEndpointsProtocol=https;AccountName=${accountName};AccountKey=${keys.result.keys[0].value};EndpointSuffix=core.windows.net`,
    );
  });

  it("the kubeconfig handed to the Kubernetes provider is a secret", () => {
    expect(isSecretAt(only(run, types.kubernetesProvider).inputs, "kubeconfig")).toBe(true);
  });

  it("the OAuth2 Proxy client secret is read as a secret", async () => {
    expect(run.settings.oauth2Proxy).toBeDefined();
    expect(await pulumi.isSecret(run.settings.oauth2Proxy!.clientSecret)).toBe(true);
  });

  it("with shared keys on, the storage account key appears nowhere outside a secret: no plain input, no stack output", () => {
    const run = keyed;
    const accountKey: string = run.calls.find((call) => call.token === "azure-native:storage:listStorageAccountKeys")!.result.keys[0].value;
    for (const resource of run.resources) {
      expect(JSON.stringify(redactSecrets(resource.inputs)), `${resource.type} ${resource.name}`).not.toContain(accountKey);
    }
    expect(JSON.stringify(run.outputs)).not.toContain(accountKey);
    expect(run.secretOutputs).toEqual([]);
  });
});

describe("committed files", () => {
  it.each(["dev", "prod"])("Pulumi.%s.yaml holds secrets only as `secure:` values", (stack) => {
    const text = readFileSync(path.join(repositoryRoot, `Pulumi.${stack}.yaml`), "utf8");
    const config = (parse(text) as { config: Record<string, unknown> }).config;
    for (const key of secretConfigKeys) {
      const value = config[`durable-aks:${key}`];
      if (value !== undefined) expect(value, key).toMatchObject({ secure: expect.any(String) });
    }
    expect(text).not.toMatch(/AccountKey=|client_?secret\s*[:=]\s*\S/i);
  });
});
