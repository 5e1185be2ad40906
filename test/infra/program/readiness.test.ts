import { describe, expect, it } from "vitest";
import { rolePropagationWait } from "../../../infra/lib/roles";
import { runProgram, type ProgramRun } from "../../../tools/render/runProgram";
import { appIdentity, only, plainInputs, types } from "../../support/infra";
import { ofType, programRun } from "../../support/programRuns";

// What must exist before the app starts on a first `up`: its role assignments propagated, nodes it may run on.
const sleepType = "time:index/sleep:Sleep";
const deploymentType = "kubernetes:apps/v1:Deployment";
const releaseType = "kubernetes:helm.sh/v3:Release";

const appIdentityGrants = (run: ProgramRun) => {
  const principalId = appIdentity(run).state.principalId;
  return ofType(run, types.roleAssignment).filter((grant) => plainInputs(grant).principalId === principalId);
};
const kubeletGrants = (run: ProgramRun) => {
  const kubelet = only(run, types.cluster).state.identityProfile.kubeletidentity.objectId;
  return ofType(run, types.roleAssignment).filter((grant) => plainInputs(grant).principalId === kubelet);
};

describe.each(["dev", "prod"])("stack %s", (stack) => {
  describe.each(["aks", "appService"] as const)("hosting %s", (hosting) => {
    const grantsOf = (run: ProgramRun) => [...appIdentityGrants(run), ...(hosting === "aks" ? kubeletGrants(run) : [])];

    it("waits for Azure RBAC propagation after the grants the app needs, re-run only when a grant changes", async () => {
      const run = await programRun(stack, hosting);
      const wait = only(run, sleepType);
      const grants = grantsOf(run);
      // Key Vault, App Configuration, AcrPull, the three storage data roles of the host (keyless) and Monitoring Metrics
      // Publisher (telemetry by identity), plus the kubelet's AcrPull on AKS.
      expect(grants.length).toBe(hosting === "aks" ? 8 : 7);
      expect([...wait.options.dependsOn].sort()).toEqual(grants.map((grant) => grant.name).sort());
      expect(plainInputs(wait).createDuration).toBe(rolePropagationWait);
      expect(Object.values(plainInputs(wait).triggers).sort()).toEqual(grants.map((grant) => grant.id).sort());
    });

    it("starts the app only after that wait", async () => {
      const run = await programRun(stack, hosting);
      const app = hosting === "aks" ? only(run, deploymentType) : only(run, "azure-native:web:WebApp");
      expect(app.options.dependsOn).toContain(only(run, sleepType).name);
    });
  });

  it("runs the app and OAuth2 Proxy only once the user node pool exists (the system pool is tainted)", async () => {
    const run = await programRun(stack);
    const userPool = only(run, types.agentPool).name;
    expect(only(run, deploymentType).options.dependsOn).toContain(userPool);
    const release = only(run, releaseType);
    expect(release.options.dependsOn).toContain(userPool);
    expect(plainInputs(release)).toMatchObject({ atomic: true });
    // Helm's default is 300 s: a first install also waits for the image pull on a node that just joined.
    expect(plainInputs(release).timeout).toBeGreaterThanOrEqual(600);
  });
});

it("keeps the wait's triggers when no grant changed (no second wait), changes them when one did", async () => {
  const triggersOf = async (config: Record<string, unknown>) =>
    plainInputs(only(await runProgram({ stack: "dev", config }), sleepType)).triggers;
  const first = plainInputs(only(await programRun("dev"), sleepType)).triggers;
  expect(await triggersOf({})).toEqual(first);
  expect(await triggersOf({ names: { registry: "acrotherregistry01" } })).not.toEqual(first);
});
