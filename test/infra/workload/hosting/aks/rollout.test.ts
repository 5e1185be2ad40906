import { describe, expect, it } from "vitest";
import { isSecretEnvelope } from "../../../../support/mockAzure/secrets";
import { runProgram, type ProgramRun } from "../../../../../tools/render/runProgram";
import { only } from "../../../../support/infra";
import { programRun, sharedRun } from "../../../../support/programRuns";

// A changed setting or secret must change the pod template, or Kubernetes never rolls the pods that read them.
const deploymentType = "kubernetes:apps/v1:Deployment";
const releaseType = "kubernetes:helm.sh/v3:Release";
const sha256Hex = /^[a-f0-9]{64}$/;

const podAnnotations = (run: ProgramRun): Record<string, unknown> =>
  only(run, deploymentType).inputs.spec.template.metadata.annotations ?? {};
const proxyPodAnnotations = (run: ProgramRun): Record<string, unknown> => only(run, releaseType).inputs.values.podAnnotations ?? {};

describe("the app's Deployment rolls when its settings change", () => {
  it("carries checksums of the ConfigMap and Secret data, plain (not secret) values that reveal nothing", async () => {
    const run = await programRun("dev");
    const annotations = podAnnotations(run);
    expect(annotations["checksum/config"]).toMatch(sha256Hex);
    expect(annotations["checksum/secret"]).toMatch(sha256Hex);
    for (const value of Object.values(annotations)) expect(isSecretEnvelope(value)).toBe(false);
  });

  it("changes the config checksum, and only it, when a plain setting changes", async () => {
    const before = podAnnotations(await programRun("dev"));
    const after = podAnnotations(await runProgram({ stack: "dev", config: { durable: { maxConcurrentActivityFunctions: 3 } } }));
    expect(after["checksum/config"]).not.toBe(before["checksum/config"]);
    expect(after["checksum/secret"]).toBe(before["checksum/secret"]);
  });

  it("changes the secret checksum when a secret value changes", async () => {
    // Only the shared-key fallback puts a value into the Secret (the keyed connection string); by default it is empty.
    const keyed = { storage: { sharedKeyAccess: true } };
    const before = podAnnotations(await sharedRun("dev", keyed));
    const after = podAnnotations(await runProgram({ stack: "dev", config: { ...keyed, names: { storageAccount: "stotheraccount01" } } }));
    expect(after["checksum/secret"]).not.toBe(before["checksum/secret"]);
  });
});

describe("OAuth2 Proxy rolls when its credentials change (its chart's checksum ignores existingSecret)", () => {
  it("carries a plain checksum of the credentials Secret's data as a pod annotation", async () => {
    const run = await programRun("dev");
    expect(proxyPodAnnotations(run)["checksum/credentials"]).toMatch(sha256Hex);
    expect(isSecretEnvelope(proxyPodAnnotations(run)["checksum/credentials"])).toBe(false);
  });

  it("changes it when a credential changes", async () => {
    const before = proxyPodAnnotations(await programRun("dev"));
    // Another application: auth names the same one as oauth2Proxy.
    const clientId = "11111111-1111-1111-1111-111111111111";
    const after = proxyPodAnnotations(await runProgram({ stack: "dev", config: { oauth2Proxy: { clientId }, auth: { clientId } } }));
    expect(after["checksum/credentials"]).not.toBe(before["checksum/credentials"]);
  });
});
