import { describe, expect, it } from "vitest";
import { appServicePlanMemoryMiB, hostShareMiB, nodeHeapMiB, workerMemoryMiB } from "../../../infra/config/workerMemory";
import { quantityMiB } from "../../../infra/config/quantity";

// Node's heap is sized from what the .NET Functions host leaves of the pod or the instance, not from all of it.
describe("the Node worker's heap limit", () => {
  it.each([
    ["1Gi", 1024],
    ["1536Mi", 1536],
    ["1G", 953],
    ["2Gi", 2048],
    ["1073741824", 1024],
  ])("%s is %i MiB", (quantity, mib) => expect(quantityMiB(quantity)).toBe(mib));

  it("leaves the host its share and a quarter of the rest to Node outside its old space", () => {
    expect(hostShareMiB).toBe(384);
    expect(nodeHeapMiB(1024)).toBe(480);
    expect(nodeHeapMiB(2048)).toBe(1248);
    expect(nodeHeapMiB(3584)).toBe(2400);
  });

  it("on AKS comes from app.memoryLimit", () => {
    const settings = { hosting: "aks", app: { memoryLimit: "1Gi" }, appService: { sku: "EP1" } } as const;
    expect(workerMemoryMiB(settings)).toBe(1024);
    expect(nodeHeapMiB(workerMemoryMiB(settings))).toBe(480);
  });

  it.each([
    ["EP1", 3584, 2400],
    ["EP2", 7168, 5088],
    ["EP3", 14336, 10464],
    ["P0v3", 4096, 2784],
    ["P1v3", 8192, 5856],
    ["P2v3", 16384, 12000],
    ["P3v3", 32768, 24288],
  ])("on App Service %s comes from the instance's %i MiB: %i MiB", (sku, memory, heap) => {
    expect(appServicePlanMemoryMiB[sku as keyof typeof appServicePlanMemoryMiB]).toBe(memory);
    const settings = { hosting: "appService", app: { memoryLimit: "1Gi" }, appService: { sku } } as const;
    expect(nodeHeapMiB(workerMemoryMiB(settings))).toBe(heap);
  });
});
