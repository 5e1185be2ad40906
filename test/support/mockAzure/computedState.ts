import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { deterministicGuid } from "../../../infra/lib/roles";

// What each provider would compute for a new resource, deterministically from its names and inputs.

export interface Computed {
  id: string;
  state?: Record<string, unknown>;
}

export type ResourceContext = {
  name: string;
  /** The inputs with secrets unwrapped. */
  inputs: Record<string, any>;
  subscriptionId: string;
  tenantId: string;
};

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const guid = (...parts: string[]) => deterministicGuid("offline-mock", ...parts);

function groupPath(ctx: ResourceContext): string {
  return `/subscriptions/${ctx.subscriptionId}/resourceGroups/${ctx.inputs.resourceGroupName}`;
}

/** The physical name: the explicit name input, or what auto-naming would make of the logical name. */
function physicalName(ctx: ResourceContext, nameInput: string): string {
  return ctx.inputs[nameInput] ?? `${ctx.name.replace(/[^A-Za-z0-9]/g, "")}${sha256(ctx.name).slice(0, 8)}`;
}

const azureResources: Record<string, (ctx: ResourceContext) => Computed> = {
  "azure-native:resources:ResourceGroup": (ctx) => {
    const name = physicalName(ctx, "resourceGroupName");
    return { id: `/subscriptions/${ctx.subscriptionId}/resourceGroups/${name}`, state: { name } };
  },
  "azure-native:storage:StorageAccount": (ctx) => {
    const name = physicalName(ctx, "accountName");
    const endpoint = (service: string) => `https://${name}.${service}.core.windows.net/`;
    return {
      id: `${groupPath(ctx)}/providers/Microsoft.Storage/storageAccounts/${name}`,
      state: {
        name,
        primaryEndpoints: {
          blob: endpoint("blob"),
          queue: endpoint("queue"),
          table: endpoint("table"),
          file: endpoint("file"),
          dfs: endpoint("dfs"),
          web: endpoint("web"),
        },
        provisioningState: "Succeeded",
      },
    };
  },
  "azure-native:storage:BlobServiceProperties": (ctx) => ({
    id: `${groupPath(ctx)}/providers/Microsoft.Storage/storageAccounts/${ctx.inputs.accountName}/blobServices/default`,
    state: { name: "default" },
  }),
  "azure-native:storage:Table": (ctx) => {
    const name = physicalName(ctx, "tableName");
    return {
      id: `${groupPath(ctx)}/providers/Microsoft.Storage/storageAccounts/${ctx.inputs.accountName}/tableServices/default/tables/${name}`,
      state: { name, tableName: name },
    };
  },
  "azure-native:keyvault:Vault": (ctx) => {
    const name = physicalName(ctx, "vaultName");
    return {
      id: `${groupPath(ctx)}/providers/Microsoft.KeyVault/vaults/${name}`,
      state: {
        name,
        properties: { ...ctx.inputs.properties, vaultUri: `https://${name}.vault.azure.net/`, provisioningState: "Succeeded" },
      },
    };
  },
  "azure-native:keyvault:Key": (ctx) => {
    const name = physicalName(ctx, "keyName");
    const uri = `https://${ctx.inputs.vaultName}.vault.azure.net/keys/${name}`;
    return {
      id: `${groupPath(ctx)}/providers/Microsoft.KeyVault/vaults/${ctx.inputs.vaultName}/keys/${name}`,
      state: { name, keyUri: uri, keyUriWithVersion: `${uri}/${sha256(uri).slice(0, 32)}` },
    };
  },
  "azure-native:storage:BlobContainer": (ctx) => {
    const name = physicalName(ctx, "containerName");
    return {
      id: `${groupPath(ctx)}/providers/Microsoft.Storage/storageAccounts/${ctx.inputs.accountName}/blobServices/default/containers/${name}`,
      state: { name },
    };
  },
  "azure-native:keyvault:Secret": (ctx) => {
    const name = physicalName(ctx, "secretName");
    const uri = `https://${ctx.inputs.vaultName}.vault.azure.net/secrets/${name}`;
    // The provider never echoes the value: only the URIs come back.
    return {
      id: `${groupPath(ctx)}/providers/Microsoft.KeyVault/vaults/${ctx.inputs.vaultName}/secrets/${name}`,
      state: {
        name,
        properties: {
          contentType: ctx.inputs.properties?.contentType,
          secretUri: uri,
          secretUriWithVersion: `${uri}/${sha256(uri).slice(0, 32)}`,
        },
      },
    };
  },
  "azure-native:appconfiguration:ConfigurationStore": (ctx) => {
    const name = physicalName(ctx, "configStoreName");
    return {
      id: `${groupPath(ctx)}/providers/Microsoft.AppConfiguration/configurationStores/${name}`,
      state: { name, endpoint: `https://${name}.azconfig.io` },
    };
  },
  "azure-native:appconfiguration:KeyValue": (ctx) => {
    const name = physicalName(ctx, "keyValueName");
    const [key, label] = name.split("$");
    return {
      id: `${groupPath(ctx)}/providers/Microsoft.AppConfiguration/configurationStores/${ctx.inputs.configStoreName}/keyValues/${name}`,
      state: { name, key, label, locked: false },
    };
  },
  "azure-native:containerregistry:Registry": (ctx) => {
    const name = physicalName(ctx, "registryName");
    return {
      id: `${groupPath(ctx)}/providers/Microsoft.ContainerRegistry/registries/${name}`,
      state: { name, loginServer: `${name.toLowerCase()}.azurecr.io` },
    };
  },
  "azure-native:managedidentity:UserAssignedIdentity": (ctx) => {
    const name = physicalName(ctx, "resourceName");
    const id = `${groupPath(ctx)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
    return { id, state: { name, principalId: guid("principal", id), clientId: guid("client", id), tenantId: ctx.tenantId } };
  },
  "azure-native:managedidentity:FederatedIdentityCredential": (ctx) => {
    const name = physicalName(ctx, "federatedIdentityCredentialResourceName");
    return {
      id: `${groupPath(ctx)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${ctx.inputs.resourceName}/federatedIdentityCredentials/${name}`,
      state: { name },
    };
  },
  "azure-native:authorization:RoleAssignment": (ctx) => {
    const name = physicalName(ctx, "roleAssignmentName");
    return { id: `${ctx.inputs.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`, state: { name } };
  },
  "azure-native:containerservice:ManagedCluster": (ctx) => {
    const name = physicalName(ctx, "resourceName");
    const id = `${groupPath(ctx)}/providers/Microsoft.ContainerService/managedClusters/${name}`;
    const location = ctx.inputs.location ?? "westeurope";
    const nodeResourceGroup = `MC_${ctx.inputs.resourceGroupName}_${name}_${location}`;
    const kubeletName = `${name}-agentpool`;
    return {
      id,
      state: {
        name,
        fqdn: `${ctx.inputs.dnsPrefix}-${sha256(id).slice(0, 8)}.hcp.${location}.azmk8s.io`,
        nodeResourceGroup,
        identity: { type: "SystemAssigned", principalId: guid("cluster-principal", id), tenantId: ctx.tenantId },
        identityProfile: {
          kubeletidentity: {
            clientId: guid("kubelet-client", id),
            objectId: guid("kubelet-object", id),
            resourceId: `/subscriptions/${ctx.subscriptionId}/resourceGroups/${nodeResourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${kubeletName}`,
          },
        },
        oidcIssuerProfile: { enabled: true, issuerURL: `https://${location}.oic.prod-aks.azure.com/${ctx.tenantId}/${guid("oidc", id)}/` },
        provisioningState: "Succeeded",
      },
    };
  },
  "azure-native:containerservice:AgentPool": (ctx) => {
    const name = physicalName(ctx, "agentPoolName");
    return {
      id: `${groupPath(ctx)}/providers/Microsoft.ContainerService/managedClusters/${ctx.inputs.resourceName}/agentPools/${name}`,
      state: { name },
    };
  },
  "azure-native:web:AppServicePlan": (ctx) => {
    const name = physicalName(ctx, "name");
    return { id: `${groupPath(ctx)}/providers/Microsoft.Web/serverfarms/${name}`, state: { name } };
  },
  "azure-native:web:WebApp": (ctx) => {
    const name = physicalName(ctx, "name");
    const id = `${groupPath(ctx)}/providers/Microsoft.Web/sites/${name}`;
    const identity = ctx.inputs.identity
      ? { ...ctx.inputs.identity, principalId: guid("site-principal", id), tenantId: ctx.tenantId }
      : undefined;
    return {
      id,
      state: {
        name,
        defaultHostName: `${name}.azurewebsites.net`,
        identity,
        outboundIpAddresses: "20.0.0.1,20.0.0.2",
        // One per subscription: the value of the asuid.<host> TXT record a custom domain needs.
        customDomainVerificationId: sha256(`domain-verification/${ctx.subscriptionId}`).toUpperCase(),
      },
    };
  },
  "azure-native:web:WebAppSlot": (ctx) => {
    const id = `${groupPath(ctx)}/providers/Microsoft.Web/sites/${ctx.inputs.name}/slots/${ctx.inputs.slot}`;
    const identity = ctx.inputs.identity
      ? { ...ctx.inputs.identity, principalId: guid("site-principal", id), tenantId: ctx.tenantId }
      : undefined;
    return {
      id,
      state: {
        name: `${ctx.inputs.name}/${ctx.inputs.slot}`,
        defaultHostName: `${ctx.inputs.name}-${ctx.inputs.slot}.azurewebsites.net`,
        identity,
      },
    };
  },
  "azure-native:web:Certificate": (ctx) => {
    const name = physicalName(ctx, "name");
    const id = `${groupPath(ctx)}/providers/Microsoft.Web/certificates/${name}`;
    return {
      id,
      state: { name, thumbprint: sha256(`certificate/${id}`).slice(0, 40).toUpperCase(), hostNames: [ctx.inputs.canonicalName] },
    };
  },
  "azure-native:web:WebAppHostNameBinding": (ctx) => ({
    id: `${groupPath(ctx)}/providers/Microsoft.Web/sites/${ctx.inputs.name}/hostNameBindings/${ctx.inputs.hostName}`,
    state: { name: `${ctx.inputs.name}/${ctx.inputs.hostName}` },
  }),
  "azure-native:authorization:ManagementLockByScope": (ctx) => {
    const name = physicalName(ctx, "lockName");
    return { id: `${ctx.inputs.scope}/providers/Microsoft.Authorization/locks/${name}`, state: { name } };
  },
  "azure-native:web:WebAppScmAllowed": (ctx) => basicPublishingCredentialsPolicy(ctx, "scm"),
  "azure-native:web:WebAppFtpAllowed": (ctx) => basicPublishingCredentialsPolicy(ctx, "ftp"),
  "azure-native:operationalinsights:Workspace": (ctx) => {
    const name = physicalName(ctx, "workspaceName");
    const id = `${groupPath(ctx)}/providers/Microsoft.OperationalInsights/workspaces/${name}`;
    return { id, state: { name, customerId: guid("workspace-customer", id), provisioningState: "Succeeded" } };
  },
  "azure-native:applicationinsights:Component": (ctx) => {
    const name = physicalName(ctx, "resourceName");
    const id = `${groupPath(ctx)}/providers/Microsoft.Insights/components/${name}`;
    const instrumentationKey = guid("instrumentation-key", id);
    const location = ctx.inputs.location ?? "westeurope";
    // The shape Azure returns: ingestion and live endpoints of the region, plus the application id.
    const connectionString = `InstrumentationKey=${instrumentationKey};IngestionEndpoint=https://${location}-5.in.applicationinsights.azure.com/;LiveEndpoint=https://${location}.livediagnostics.monitor.azure.com/;ApplicationId=${guid("app-id", id)}`;
    return { id, state: { name, instrumentationKey, connectionString, appId: guid("app-id", id), provisioningState: "Succeeded" } };
  },
  "azure-native:applicationinsights:Workbook": (ctx) => {
    const name = physicalName(ctx, "resourceName");
    return { id: `${groupPath(ctx)}/providers/Microsoft.Insights/workbooks/${name}`, state: { name } };
  },
  "azure-native:monitor:DiagnosticSetting": (ctx) => {
    const name = physicalName(ctx, "name");
    return { id: `${ctx.inputs.resourceUri}/providers/Microsoft.Insights/diagnosticSettings/${name}`, state: { name } };
  },
  "azure-native:monitor:ActionGroup": (ctx) => {
    const name = physicalName(ctx, "actionGroupName");
    return { id: `${groupPath(ctx)}/providers/Microsoft.Insights/actionGroups/${name}`, state: { name } };
  },
  "azure-native:monitor:ScheduledQueryRule": (ctx) => {
    const name = physicalName(ctx, "ruleName");
    return { id: `${groupPath(ctx)}/providers/Microsoft.Insights/scheduledQueryRules/${name}`, state: { name } };
  },
  "azure-native:monitor:MetricAlert": (ctx) => {
    const name = physicalName(ctx, "ruleName");
    return { id: `${groupPath(ctx)}/providers/Microsoft.Insights/metricAlerts/${name}`, state: { name } };
  },
  "azure-native:monitor:DataCollectionRule": (ctx) => {
    const name = physicalName(ctx, "dataCollectionRuleName");
    return {
      id: `${groupPath(ctx)}/providers/Microsoft.Insights/dataCollectionRules/${name}`,
      state: { name, immutableId: `dcr-${sha256(name).slice(0, 32)}` },
    };
  },
  "azure-native:monitor:DataCollectionRuleAssociation": (ctx) => {
    const name = physicalName(ctx, "associationName");
    return { id: `${ctx.inputs.resourceUri}/providers/Microsoft.Insights/dataCollectionRuleAssociations/${name}`, state: { name } };
  },
};

function basicPublishingCredentialsPolicy(ctx: ResourceContext, kind: "scm" | "ftp"): Computed {
  return {
    id: `${groupPath(ctx)}/providers/Microsoft.Web/sites/${ctx.inputs.name}/basicPublishingCredentialsPolicies/${kind}`,
    state: { name: kind },
  };
}

// Microsoft Graph objects (bootstrap/): ids are GUIDs; an application's Pulumi id is `/applications/<object id>`.
const entraResources: Record<string, (ctx: ResourceContext) => Computed> = {
  "azuread:index/application:Application": (ctx) => {
    const objectId = guid("application", ctx.name);
    return {
      id: `/applications/${objectId}`,
      state: { objectId, clientId: guid("application-client", ctx.name), publisherDomain: "contoso.onmicrosoft.com" },
    };
  },
  "azuread:index/servicePrincipal:ServicePrincipal": (ctx) => {
    const objectId = guid("service-principal", ctx.inputs.clientId);
    return { id: `/servicePrincipals/${objectId}`, state: { objectId, applicationTenantId: ctx.tenantId, type: "Application" } };
  },
  "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential": (ctx) => {
    const credentialId = guid("federated-credential", ctx.name);
    return { id: `${ctx.inputs.applicationId}/federatedIdentityCredential/${credentialId}`, state: { credentialId } };
  },
  "azuread:index/applicationPassword:ApplicationPassword": (ctx) => {
    const keyId = guid("password", ctx.name);
    // Entra generates the secret; the stand-in is as long, and deterministic.
    return {
      id: `${ctx.inputs.applicationId}/password/${keyId}`,
      state: { keyId, value: `mock~${sha256(`password/${ctx.name}`).slice(0, 35)}` },
    };
  },
  "azuread:index/appRoleAssignment:AppRoleAssignment": (ctx) => ({
    id: `/servicePrincipals/${ctx.inputs.resourceObjectId}/appRoleAssignedTo/${guid("app-role-assignment", ctx.name)}`,
    state: { principalType: "Group" },
  }),
};

/** A fallback for azure-native types nobody taught the mock yet: a plausible ARM id. */
function genericAzureResource(type: string, ctx: ResourceContext): Computed {
  const [, module, kind] = type.split(":");
  const name = physicalName(ctx, `${kind![0]!.toLowerCase()}${kind!.slice(1)}Name`);
  return { id: `${groupPath(ctx)}/providers/Microsoft.${module}/${kind}s/${name}`, state: { name } };
}

function kubernetesResource(ctx: ResourceContext): Computed {
  const metadata = { ...ctx.inputs.metadata };
  // Like the provider's auto-naming, but deterministic.
  metadata.name ??= `${ctx.name}-${sha256(ctx.name).slice(0, 8)}`;
  const id = metadata.namespace ? `${metadata.namespace}/${metadata.name}` : metadata.name;
  return { id, state: { metadata: { ...metadata, uid: guid("k8s", id) } } };
}

/** A stable stand-in for a generated password: the requested length, letters and digits only when `special` is off. */
function randomPassword(ctx: ResourceContext): Computed {
  const length = Number(ctx.inputs.length ?? 16);
  const alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" + (ctx.inputs.special === false ? "" : "!#$%&*()-_=+[]{}<>:?");
  const bytes = Buffer.from(sha256(`password/${ctx.name}`) + sha256(`more/${ctx.name}`), "hex");
  const result = Array.from({ length }, (_, index) => alphabet[bytes[index % bytes.length]! % alphabet.length]).join("");
  return { id: "none", state: { result, bcryptHash: sha256(result) } };
}

/** The time provider's id is the durations joined by a comma; state echoes the inputs. */
function timeSleep(ctx: ResourceContext): Computed {
  return { id: `${ctx.inputs.createDuration ?? ""},${ctx.inputs.destroyDuration ?? ""}`, state: { triggers: ctx.inputs.triggers } };
}

/** docker-build pushes the tags and reports the digest; the same tags (content) give the same digest. */
function dockerBuildImage(ctx: ResourceContext): Computed {
  const tags: string[] = ctx.inputs.tags ?? [];
  const digest = `sha256:${sha256(tags.join(","))}`;
  const ref = tags[0] ? `${tags[0].replace(/:[^/:]+$/, "")}@${digest}` : "";
  return { id: digest, state: { digest, ref, contextHash: sha256(`context/${ctx.name}`) } };
}

/** What a referenced stack that built the image exports, unless the options say otherwise. */
function builtStackOutputs(stack: string): Record<string, unknown> {
  const registry = `acr${stack.replace(/[^a-z0-9]/gi, "").toLowerCase()}`.slice(0, 40);
  const [, project, name] = stack.split("/");
  return {
    imageRef: `${registry}.azurecr.io/durable-app@sha256:${sha256(stack)}`,
    registryId: `/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-${project}-${name}/providers/Microsoft.ContainerRegistry/registries/${registry}`,
  };
}

/** The id and computed state of a new resource; `stackOutputs` answers StackReferences by stack name. */
export function computeState(
  args: pulumi.runtime.MockResourceArgs,
  ctx: ResourceContext,
  stackOutputs: Record<string, Record<string, unknown>>,
): Computed {
  const known = azureResources[args.type] ?? entraResources[args.type];
  if (known) return known(ctx);
  if (args.type.startsWith("azure-native:")) return genericAzureResource(args.type, ctx);
  if (args.type.startsWith("kubernetes:")) return kubernetesResource(ctx);
  if (args.type === "docker-build:index:Image") return dockerBuildImage(ctx);
  if (args.type === "random:index/randomPassword:RandomPassword") return randomPassword(ctx);
  if (args.type === "time:index/sleep:Sleep") return timeSleep(ctx);
  if (args.type === "command:local:Command")
    return { id: `${args.name}-${sha256(args.name).slice(0, 8)}`, state: { stdout: "", stderr: "" } };
  if (args.type === "pulumi:pulumi:StackReference") {
    const stack = String(ctx.inputs.name ?? args.id);
    return { id: stack, state: { name: stack, outputs: stackOutputs[stack] ?? builtStackOutputs(stack), secretOutputNames: [] } };
  }
  // Providers, components and anything else: a stable id is all they need.
  return { id: args.custom === false ? "" : `${args.name}-${sha256(args.type + args.name).slice(0, 8)}` };
}
