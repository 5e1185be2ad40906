// Finds the Functions hosts of a stack and the app settings each one receives, however they are delivered:
// on AKS through env, envFrom ConfigMaps/Secrets and key references; on App Service through siteConfig.appSettings.
import { isWebSiteType, kubernetesTypes } from "./resource-types";
import { asArray, asRecord, asString, pathOf, stringMap, type Props } from "./props";
import { containersOf, podSpecOf } from "./pod-spec";
import { isKeyVaultReference } from "./secret-settings";

export interface StackResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Props;
}

export interface AppSetting {
  readonly value: string | undefined;
  /** "secret" when the value travels as a Kubernetes Secret or a Key Vault reference. */
  readonly delivery: "plain" | "secret";
  readonly origin: string;
}

export interface FunctionsHost {
  readonly hosting: "aks" | "appService";
  readonly resource: StackResource;
  readonly label: string;
  readonly namespace: string | undefined;
  readonly settings: ReadonlyMap<string, AppSetting>;
  /** Setting sources the stack does not contain, so the policies cannot see what they deliver. */
  readonly unresolved: readonly string[];
}

/**
 * Every container of every Deployment is taken as a Functions host (the program's only Deployment is the app;
 * OAuth2 Proxy arrives inside a Helm release), and every WebApp or WebAppSlot whose kind says functionapp.
 * A WebApp without siteConfig.appSettings is left out: Azure does not return app settings in the
 * resource's outputs, so after an update they are invisible, while previews and the offline render see the inputs.
 */
export function functionsHostsOf(resources: readonly StackResource[]): FunctionsHost[] {
  const objects = new KubernetesObjects(resources);
  return resources.flatMap((resource) => {
    if (resource.type === kubernetesTypes.deployment) return deploymentHosts(resource, objects);
    if (isWebSiteType(resource.type)) return webAppHosts(resource);
    return [];
  });
}

export function describeHostSetting(host: FunctionsHost, name: string): string {
  const unresolved = host.unresolved.length > 0 ? ` (the stack has no ${host.unresolved.join(", ")}, so it may be set there)` : "";
  return `${host.label} has no ${name}${unresolved}`;
}

function webAppHosts(resource: StackResource): FunctionsHost[] {
  const kind = asString(resource.props["kind"]) ?? "";
  const appSettings = pathOf(resource.props, "siteConfig", "appSettings");
  if (!kind.includes("functionapp") || !Array.isArray(appSettings)) return [];
  const settings = new Map<string, AppSetting>();
  for (const item of appSettings) {
    const name = asString(pathOf(item, "name"));
    const value = asString(pathOf(item, "value"));
    if (name === undefined) continue;
    settings.set(name, { value, delivery: isKeyVaultReference(value) ? "secret" : "plain", origin: "siteConfig.appSettings" });
  }
  const label = `${resource.type.split(":").pop()} "${resource.name}"`;
  return [{ hosting: "appService", resource, label, namespace: undefined, settings, unresolved: [] }];
}

function deploymentHosts(resource: StackResource, objects: KubernetesObjects): FunctionsHost[] {
  const namespace = namespaceOf(resource.props);
  return containersOf(podSpecOf(resource.type, resource.props))
    .filter((container) => !container.init)
    .map((container) => {
      const settings = new Map<string, AppSetting>();
      const unresolved: string[] = [];
      for (const source of asArray(container.props["envFrom"])) {
        addEnvFromSource(source, namespace, objects, settings, unresolved);
      }
      for (const variable of asArray(container.props["env"])) {
        addEnvVariable(variable, namespace, objects, settings, unresolved);
      }
      return {
        hosting: "aks" as const,
        resource,
        label: `Deployment "${resource.name}" container "${container.name}"`,
        namespace,
        settings,
        unresolved,
      };
    });
}

function addEnvFromSource(
  source: unknown,
  namespace: string,
  objects: KubernetesObjects,
  settings: Map<string, AppSetting>,
  unresolved: string[],
): void {
  const prefix = asString(pathOf(source, "prefix")) ?? "";
  const configMapName = asString(pathOf(source, "configMapRef", "name"));
  const secretName = asString(pathOf(source, "secretRef", "name"));
  const found =
    configMapName !== undefined
      ? objects.configMap(namespace, configMapName)
      : secretName !== undefined
        ? objects.secret(namespace, secretName)
        : undefined;
  const origin = configMapName !== undefined ? `ConfigMap "${configMapName}"` : `Secret "${secretName ?? "?"}"`;
  if (found === undefined) {
    unresolved.push(origin);
    return;
  }
  for (const [key, value] of found) {
    settings.set(prefix + key, { value, delivery: configMapName !== undefined ? "plain" : "secret", origin });
  }
}

function addEnvVariable(
  variable: unknown,
  namespace: string,
  objects: KubernetesObjects,
  settings: Map<string, AppSetting>,
  unresolved: string[],
): void {
  const name = asString(pathOf(variable, "name"));
  if (name === undefined) return;
  const plainValue = asString(pathOf(variable, "value"));
  const configMapKey = asRecord(pathOf(variable, "valueFrom", "configMapKeyRef"));
  const secretKey = asRecord(pathOf(variable, "valueFrom", "secretKeyRef"));
  const keyRef = configMapKey ?? secretKey;
  if (keyRef === undefined) {
    settings.set(name, { value: plainValue, delivery: "plain", origin: "env" });
    return;
  }
  const objectName = asString(keyRef["name"]) ?? "?";
  const key = asString(keyRef["key"]) ?? name;
  const origin = `${configMapKey ? "ConfigMap" : "Secret"} "${objectName}"`;
  const values = configMapKey ? objects.configMap(namespace, objectName) : objects.secret(namespace, objectName);
  if (values === undefined) unresolved.push(origin);
  settings.set(name, { value: values?.get(key), delivery: configMapKey ? "plain" : "secret", origin });
}

function namespaceOf(props: Props): string {
  return asString(pathOf(props, "metadata", "namespace")) ?? "default";
}

/** ConfigMaps and Secrets of the stack by namespace and metadata.name (the resource name when Pulumi auto-names). */
class KubernetesObjects {
  private readonly configMaps = new Map<string, Map<string, string>>();
  private readonly secrets = new Map<string, Map<string, string>>();

  constructor(resources: readonly StackResource[]) {
    for (const resource of resources) {
      const key = objectKey(namespaceOf(resource.props), asString(pathOf(resource.props, "metadata", "name")) ?? resource.name);
      if (resource.type === kubernetesTypes.configMap) this.configMaps.set(key, stringMap(resource.props["data"]));
      if (resource.type === kubernetesTypes.secret) this.secrets.set(key, secretValues(resource.props));
    }
  }

  configMap(namespace: string, name: string): ReadonlyMap<string, string> | undefined {
    return this.configMaps.get(objectKey(namespace, name));
  }

  secret(namespace: string, name: string): ReadonlyMap<string, string> | undefined {
    return this.secrets.get(objectKey(namespace, name));
  }
}

function objectKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function secretValues(props: Props): Map<string, string> {
  const values = new Map<string, string>();
  for (const [key, encoded] of stringMap(props["data"])) values.set(key, Buffer.from(encoded, "base64").toString("utf8"));
  for (const [key, value] of stringMap(props["stringData"])) values.set(key, value);
  return values;
}
