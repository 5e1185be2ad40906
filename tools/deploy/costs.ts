import type { Settings } from "../../infra/config";

/**
 * List prices the estimate multiplies, in USD a month (730 hours), pay-as-you-go, Linux, West Europe where the price
 * differs by region. Recorded by hand from Azure's public pricing pages in November 2026; this command fetches nothing.
 * An estimate, not a quote: check https://azure.microsoft.com/pricing/calculator/ for your region, currency and agreement.
 */
export const listPrices = {
  basis: "USD a month (730 h), pay-as-you-go list prices recorded in November 2026, Linux, West Europe; an estimate, not a quote",
  vm: { Standard_D2s_v5: 78, Standard_D4s_v5: 156, Standard_D8s_v5: 312 } as Record<string, number>,
  /** The default AKS OS disk: a 128 GiB Premium SSD (P10) per node. */
  nodeOsDisk: 20,
  aksTier: { Free: 0, Standard: 73, Premium: 438 } as Record<string, number>,
  /** The Standard load balancer AKS creates, and one public IP for egress plus one per public entry. */
  loadBalancer: 18,
  publicIp: 3.65,
  /** Elastic Premium: vCPU and memory seconds of an always-ready instance. */
  appServicePlan: { EP1: 158, EP2: 316, EP3: 632 } as Record<string, number>,
  registry: { Basic: 5, Standard: 20, Premium: 50 } as Record<string, number>,
  appConfiguration: { free: 0, standard: 36, premium: 240 } as Record<string, number>,
  /** Storage: a few GB and the task hub's queue polling (about 1.7 million transactions a month when idle). */
  storage: 3,
  /** Key Vault: a few thousand operations a month. */
  keyVault: 1,
  /** Azure Monitor by stack shape: assumed ingestion and alert rules (docs/operations.md, "What the defaults cost"). */
  monitoring: { dev: { aks: 27, appService: 5 }, prod: { aks: 143, appService: 30 } },
} as const;

export interface CostLine {
  item: string;
  monthly: number | undefined;
}

export interface CostEstimate {
  lines: CostLine[];
  total: number;
  /** Items without a recorded price: named, left out of the total. */
  unpriced: string[];
  basis: string;
}

type CostSettings = Pick<
  Settings,
  "aks" | "appService" | "appConfiguration" | "environment" | "hosting" | "ingress" | "registry" | "storage"
>;

export function estimateMonthlyCost(settings: CostSettings): CostEstimate {
  const lines: CostLine[] = [];
  const add = (item: string, monthly: number | undefined) => lines.push({ item, monthly });
  if (settings.hosting === "aks") {
    const { systemPool, userPool, skuTier } = settings.aks;
    for (const [pool, size, count] of [
      ["system", systemPool.vmSize, systemPool.count],
      ["user", userPool.vmSize, userPool.count],
    ] as const) {
      const vm = listPrices.vm[size];
      add(`AKS ${pool} pool: ${count} × ${size} (+ OS disk)`, vm === undefined ? undefined : count * (vm + listPrices.nodeOsDisk));
    }
    add(`AKS control plane, ${skuTier} tier`, listPrices.aksTier[skuTier]);
    const entries = settings.ingress.kind === "nginx" || settings.ingress.keepNginx ? 2 : 1;
    add(`Load balancer and ${entries + 1} public IPs`, listPrices.loadBalancer + (entries + 1) * listPrices.publicIp);
  } else {
    const { sku, minimumInstances } = settings.appService;
    const plan = listPrices.appServicePlan[sku];
    add(`App Service plan: ${minimumInstances} × ${sku} always ready`, plan === undefined ? undefined : minimumInstances * plan);
  }
  add(`Container registry, ${settings.registry.sku}`, listPrices.registry[settings.registry.sku]);
  add(`App Configuration, ${settings.appConfiguration.sku}`, listPrices.appConfiguration[settings.appConfiguration.sku]);
  add(`Storage account, ${settings.storage.sku}`, listPrices.storage);
  add("Key Vault", listPrices.keyVault);
  add("Azure Monitor (logs and alerts, assumed volume)", listPrices.monitoring[settings.environment][settings.hosting]);
  const priced = lines.filter((line) => line.monthly !== undefined);
  return {
    lines,
    total: priced.reduce((sum, line) => sum + line.monthly!, 0),
    unpriced: lines.filter((line) => line.monthly === undefined).map((line) => line.item),
    basis: listPrices.basis,
  };
}

export function formatCost(estimate: CostEstimate): string[] {
  const money = (value: number) => `$${value.toFixed(0)}`;
  return [
    "What it costs a month (estimate):",
    ...estimate.lines.map((line) => `  ${line.item.padEnd(58)} ${line.monthly === undefined ? "price not recorded" : money(line.monthly)}`),
    `  ${"total, about".padEnd(58)} ${money(estimate.total)}${estimate.unpriced.length ? " + the items without a recorded price" : ""}`,
    `  basis: ${estimate.basis}`,
  ];
}
