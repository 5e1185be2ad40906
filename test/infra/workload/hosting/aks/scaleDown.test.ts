import { describe, expect, it } from "vitest";
import { validateManifests } from "../../../../../tools/render/validateManifests";
import { manifest, programRun } from "../../../../support/programRuns";

// A scale-in stops a pod's task hub worker: KEDA passes the HPA behaviour straight to the HPA it owns
// (kedacore/keda apis/keda/v1alpha1/scaledobject_types.go AdvancedConfig.HorizontalPodAutoscalerConfig.Behavior;
// controllers/keda/hpa.go copies it into the HPA spec).
describe.each(["dev", "prod"])("scale-in and rollouts of stack %s", (stack) => {
  it("scale in one pod at a time, at most one per period, after a stabilization window", async () => {
    const spec = manifest(await programRun(stack), "ScaledObject").spec as any;
    const scaleDown = spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown;
    expect(scaleDown.stabilizationWindowSeconds).toBeGreaterThanOrEqual(300);
    expect(scaleDown.policies).toEqual([{ type: "Pods", value: 1, periodSeconds: expect.any(Number) }]);
    expect(scaleDown.policies[0].periodSeconds).toBeGreaterThanOrEqual(120);
    expect(scaleDown.selectPolicy ?? "Max").not.toBe("Disabled");
  });

  it("sets no cooldownPeriod, which KEDA reads only when scaling to zero (minReplicaCount is at least 1)", async () => {
    const spec = manifest(await programRun(stack), "ScaledObject").spec as any;
    expect(spec.minReplicaCount).toBeGreaterThanOrEqual(1);
    expect(spec).not.toHaveProperty("cooldownPeriod");
  });

  it("keeps every old pod until its replacement is ready during a rollout", async () => {
    const strategy = (manifest(await programRun(stack), "Deployment").spec as any).strategy;
    expect(strategy.rollingUpdate.maxUnavailable).toBe(0);
  });

  it("is a ScaledObject the KEDA schema accepts, and the schema refuses a wrong behaviour", async () => {
    const scaler = manifest(await programRun(stack), "ScaledObject");
    expect(await validateManifests([scaler])).toEqual([]);
    const broken = structuredClone(scaler) as any;
    broken.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.policies[0].periodSeconds = "300";
    expect(await validateManifests([broken])).toHaveLength(1);
  });
});
