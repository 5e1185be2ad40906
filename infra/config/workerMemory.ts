// How much heap the Node worker may take. Node sizes its default heap from the memory it detects (about half of a
// 1 GiB cgroup: 524 MiB measured), as if it were alone, but the .NET Functions host shares the pod or instance with it.
// The host passes `languageWorkers:node:arguments` to node ahead of the worker script (azure-functions-host
// src/WebJobs.Script/Workers/Rpc/Configuration/RpcWorkerConfigFactory.cs AddArgumentsFromAppSettings), the setting
// Microsoft documents for this (learn.microsoft.com/azure/azure-functions/functions-premium-plan, "Memory usage considerations").
import type { Hosting } from "./settings";
import { quantityMiB } from "./quantity";

/** What the .NET host with its extensions keeps for itself: an estimate (no Functions host runs here to measure it). */
export const hostShareMiB = 384;

/** Of what the host leaves, Node keeps a quarter outside its old space: young generation, code, buffers, native memory. */
const oldSpaceShare = 3 / 4;

/** Below this heap the app's own bounds (two counts of QueryMaxDistinctValues, about 310 MiB) cannot fit at all. */
export const minimumHeapMiB = 256;

/**
 * Memory of one instance of each plan the program offers: Elastic Premium (learn.microsoft.com/azure/azure-functions/
 * functions-premium-plan, "Available instance SKUs") and Premium v3 (azure.microsoft.com/pricing/details/app-service/linux).
 */
export const appServicePlanMemoryMiB = {
  EP1: 3584,
  EP2: 7168,
  EP3: 14336,
  P0v3: 4096,
  P1v3: 8192,
  P2v3: 16384,
  P3v3: 32768,
} as const;

/** The old-space limit (`--max-old-space-size`) for a worker sharing `memoryMiB` with the host. */
export const nodeHeapMiB = (memoryMiB: number) => Math.floor((memoryMiB - hostShareMiB) * oldSpaceShare);

/** The smallest memory that still leaves `minimumHeapMiB` of heap. */
export const minimumWorkerMemoryMiB = Math.ceil(hostShareMiB + minimumHeapMiB / oldSpaceShare);

/** The memory host and worker share: the pod's limit on AKS, the instance's memory on App Service. */
export function workerMemoryMiB(settings: { hosting: Hosting; app: { memoryLimit: string }; appService: { sku: string } }): number {
  if (settings.hosting === "aks") return quantityMiB(settings.app.memoryLimit);
  const memory = appServicePlanMemoryMiB[settings.appService.sku as keyof typeof appServicePlanMemoryMiB];
  if (memory === undefined) throw new Error(`no instance memory known for App Service plan ${settings.appService.sku}`);
  return memory;
}
