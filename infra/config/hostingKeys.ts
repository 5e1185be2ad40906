// Config keys that only hosting aks reads. With hosting appService they would be accepted and silently ignored, so
// config refuses them there; the offline render leaves a stack file's own ones out when --set switches the hosting.

const cluster = "configures the AKS cluster, which hosting appService does not create";
const pods = "sizes and places the AKS pods; on App Service the plan decides (appService.sku, appService.minimumInstances)";
const proxy = "is an OAuth2 Proxy option; App Service signs people in with its built-in authentication, which has no such setting";

/** `group` alone: every key under it. */
export const aksOnlyKeys: ReadonlyArray<readonly [key: string, why: string]> = [
  ["aks", cluster],
  ["ingress", "chooses the AKS public entry (Gateway API or NGINX); App Service serves the site itself"],
  ["tlsCertificateKeyVaultUri", "is the certificate the AKS managed NGINX serves"],
  ["app.namespace", pods],
  ["app.minReplicas", pods],
  ["app.maxReplicas", pods],
  ["app.cpuRequest", pods],
  ["app.cpuLimit", pods],
  ["app.memoryRequest", pods],
  ["app.memoryLimit", pods],
  ["app.terminationGracePeriodSeconds", "is how long Kubernetes waits for a pod to stop"],
  ["oauth2Proxy.cookieRefresh", proxy],
  ["oauth2Proxy.cookieExpire", proxy],
  ["oauth2Proxy.chartVersion", proxy],
  ["oauth2Proxy.imageTag", proxy],
  ["oauth2Proxy.allowedEmailDomains", proxy],
];

type ConfigMap = Record<string, unknown>;

/** The AKS-only keys `config` sets, as full paths (`aks.skuTier`, `app.minReplicas`), each with why it is AKS-only. */
export function aksOnlyKeysIn(config: ConfigMap): Array<[path: string, value: unknown, why: string]> {
  const found: Array<[string, unknown, string]> = [];
  for (const [key, why] of aksOnlyKeys) {
    const [group, leaf] = key.split(".") as [string, string | undefined];
    const value = config[group];
    if (value === undefined) continue;
    if (leaf !== undefined) {
      const inner = (value as ConfigMap)[leaf];
      if (inner !== undefined) found.push([key, inner, why]);
    } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [sub, inner] of Object.entries(value as ConfigMap)) if (inner !== undefined) found.push([`${group}.${sub}`, inner, why]);
    } else found.push([key, value, why]);
  }
  return found;
}

/**
 * `config` without its AKS-only keys (a deep copy), and the paths it left out. Objects left empty are removed too, so
 * the result reads as if the stack file never had them.
 */
export function withoutAksOnlyKeys(config: ConfigMap): { config: ConfigMap; removed: string[] } {
  const copy = structuredClone(config);
  const removed: string[] = [];
  for (const [key] of aksOnlyKeys) {
    const [group, leaf] = key.split(".") as [string, string | undefined];
    if (copy[group] === undefined) continue;
    if (leaf === undefined) {
      delete copy[group];
      removed.push(key);
      continue;
    }
    const inner = copy[group] as ConfigMap;
    if (inner[leaf] === undefined) continue;
    delete inner[leaf];
    removed.push(key);
    if (!Object.keys(inner).length) delete copy[group];
  }
  return { config: copy, removed };
}
