import { appSettingNames, hostSettingNames } from "../../app/src/contract";
import type { Settings } from "../../infra/config";
import type { KubernetesManifest } from "./kubernetesManifests";
import { redacted, unwrapSecrets } from "../../test/support/mockAzure/secrets";
import type { RecordedCall, RecordedResource } from "../../test/support/mockAzure/mocks";

/** `urn:pulumi:<stack>::<project>::<parent types $ ...>$<type>::<name>` → the chain of types, outermost first. */
function typeChain(urn: string): string[] {
  const parts = urn.split("::");
  return parts.length >= 4 ? parts[2]!.split("$") : [];
}

function componentOf(resource: RecordedResource): string {
  const chain = typeChain(resource.urn);
  const components = chain.slice(0, -1).filter((type) => type.startsWith("durable-aks:"));
  return components.at(-1) ?? "(stack)";
}

const keySettings = [
  hostSettingNames.workerRuntime,
  appSettingNames.websiteHostname,
  hostSettingNames.hostId,
  hostSettingNames.taskHubName,
  appSettingNames.appConfigEndpoint,
  hostSettingNames.appInsightsConnectionString,
  hostSettingNames.appInsightsAuthenticationString,
];
/** Printed when set: the keyless default sets the identity trio, the shared-key fallback the connection string. */
const storageSettings = [
  hostSettingNames.webJobsStorage,
  hostSettingNames.webJobsStorageAccountName,
  hostSettingNames.webJobsStorageCredential,
  hostSettingNames.webJobsStorageClientId,
];

function settingsLines(resources: RecordedResource[], manifests: KubernetesManifest[], settings: Settings): string[] {
  if (settings.hosting === "aks") {
    const configMap = manifests.find((manifest) => manifest.kind === "ConfigMap");
    const secret = manifests.find((manifest) => manifest.kind === "Secret" && manifest.metadata.namespace === settings.app.namespace);
    const data = { ...(configMap?.data as Record<string, string>), ...(secret?.stringData as Record<string, string>) };
    return [...keySettings, ...storageSettings.filter((key) => key in data)].map(
      (key) => `  ${key} = ${data[key] ?? "(not set)"}${key in ((secret?.stringData as object) ?? {}) ? "   (Secret)" : "   (ConfigMap)"}`,
    );
  }
  const site = resources.find((resource) => resource.type === "azure-native:web:WebApp");
  const appSettings = ((site?.inputs.siteConfig as { appSettings?: Array<{ name: string; value: string }> })?.appSettings ?? []) as Array<{
    name: string;
    value: unknown;
  }>;
  const present = storageSettings.filter((key) => appSettings.some((item) => item.name === key));
  return [...keySettings, ...present].map((key) => {
    const setting = appSettings.find((item) => item.name === key);
    return `  ${key} = ${setting ? String(setting.value) : "(set by App Service)"}`;
  });
}

/** AKS serves the configured hostname; App Service serves the site's default host name, which Azure assigns at creation. */
function publicUrl(settings: Settings, outputs: Record<string, unknown>): string {
  if (settings.hosting === "aks") return `https://${settings.hostname}/api`;
  if (settings.appService.customDomain)
    return `${String(outputs.url)} (custom domain: a CNAME to the site's host and a TXT record asuid.${settings.appService.customDomain} = \`pulumi stack output customDomainVerificationId\`)`;
  return `${String(outputs.url)} (the site's default host name as offline mocks guess it: Azure assigns the real one, see \`pulumi stack output url\`)`;
}

export interface PlanInput {
  settings: Settings;
  resources: RecordedResource[];
  calls: RecordedCall[];
  outputs: Record<string, unknown>;
  secretOutputs: string[];
  /** What the render writes: the Kubernetes manifests and Helm release values, secrets redacted. */
  manifests: KubernetesManifest[];
  releases: Array<Record<string, unknown>>;
}

/** What a value resolved from the audit secret carries, never the key itself. */
const auditConnectionShape = (value: string) =>
  /AccountKey=|SharedAccessSignature=/i.test(value)
    ? `${redacted} (a keyed connection string: the shared-key fallback)`
    : `${value} (no key: the app's identity)`;

/**
 * How the stack authenticates: the account's key settings, the audit query's Key Vault secret, Application Insights'
 * local auth, and every provider function the program calls.
 */
function credentialLines(resources: RecordedResource[], calls: RecordedCall[]): string[] {
  const inputsOf = (type: string) => resources.find((resource) => resource.type === type)?.inputs ?? {};
  const account = inputsOf("azure-native:storage:StorageAccount");
  const auditSecret = unwrapSecrets(inputsOf("azure-native:keyvault:Secret")).properties?.value;
  const appInsights = inputsOf("azure-native:applicationinsights:Component");
  const tokens = [...new Set(calls.map((call) => call.token.split(":").pop()))];
  return [
    `Storage account: allowSharedKeyAccess ${String(account.allowSharedKeyAccess)}, defaultToOAuthAuthentication ${String(account.defaultToOAuthAuthentication)}`,
    `Audit table connection (Key Vault secret): ${typeof auditSecret === "string" ? auditConnectionShape(auditSecret) : "(none)"}`,
    `Application Insights: disableLocalAuth ${String(appInsights.disableLocalAuth)}${appInsights.disableLocalAuth ? " (ingestion by Entra ID only)" : ""}`,
    `Provider calls: ${tokens.join(", ") || "(none)"}`,
  ];
}

/** The readable plan the render prints: what would be created, grouped by component, and the settings that matter. */
export function formatPlan({ settings, resources, calls, outputs, secretOutputs, manifests, releases }: PlanInput): string {
  const lines: string[] = [];
  const image =
    settings.image.kind === "build"
      ? `built here from ${settings.image.dockerfile} (${settings.image.platform}), pushed once`
      : `promoted by digest from stack ${settings.image.fromStack} (no build)`;
  lines.push(
    `Stack ${settings.stack} (${settings.project}) · environment ${settings.environment} · hosting ${settings.hosting} · ${settings.location}`,
  );
  lines.push(`Image: ${String(outputs.imageRef ?? "(none)")} — ${image}`);
  lines.push(`Public URL: ${publicUrl(settings, outputs)}`);
  lines.push("", "Key app settings:", ...settingsLines(resources, manifests, settings));
  lines.push("", ...credentialLines(resources, calls));

  const byComponent = new Map<string, RecordedResource[]>();
  for (const resource of resources.filter((item) => !item.type.startsWith("durable-aks:") && !item.type.startsWith("pulumi:"))) {
    const component = componentOf(resource);
    byComponent.set(component, [...(byComponent.get(component) ?? []), resource]);
  }
  const total = [...byComponent.values()].reduce((sum, list) => sum + list.length, 0);
  lines.push("", `Resources to create: ${total}`);
  for (const [component, list] of byComponent) {
    lines.push(`  ${component}`);
    for (const resource of list) lines.push(`    + ${resource.type}  ${resource.name}`);
  }
  if (releases.length) {
    lines.push("", "Helm releases (templated by Helm at deploy time):");
    for (const release of releases)
      lines.push(
        `  ${String(release.name)}: chart ${String(release.chart)} ${String(release.version)} from ${String((release.repositoryOpts as { repo?: string })?.repo)}`,
      );
  }
  lines.push("", "Stack outputs:");
  for (const [name, value] of Object.entries(outputs))
    lines.push(`  ${name} = ${secretOutputs.includes(name) ? redacted : JSON.stringify(value)}`);
  return lines.join("\n");
}
