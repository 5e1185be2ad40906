import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { deterministicGuid } from "../infra/roles";
import { unwrapSecrets } from "./secrets";

// The ONE mock of the cloud for tests and the offline render: it answers what Azure (and the other providers) would
// compute, deterministically from names, and records every resource and call the program makes.

export interface RecordedResource {
  type: string;
  /** The logical (Pulumi) name. */
  name: string;
  /** Filled in once the program has finished (the monitor builds it from the parent chain). */
  urn: string;
  id: string;
  custom: boolean;
  /** As the program passed them: secret values stay wrapped in secret envelopes (see ./secrets). */
  inputs: Record<string, any>;
  /** What the mock returned: the inputs plus the values the provider would compute. */
  state: Record<string, any>;
  options: RecordedOptions;
}

/** Resource options the engine would see; mocks get none of them, so a stack transformation records them. */
export interface RecordedOptions {
  /** Logical names of the explicit `dependsOn` resources. */
  dependsOn: string[];
  ignoreChanges: string[];
  /** Logical name of the explicit provider, if any. */
  provider?: string;
}

export interface RecordedCall {
  token: string;
  inputs: Record<string, any>;
  result: Record<string, any>;
}

export interface AzureMocksOptions {
  subscriptionId?: string;
  tenantId?: string;
  /** The object id of whoever "runs pulumi up". */
  deployerObjectId?: string;
  /** Outputs of other stacks, by `<org>/<project>/<stack>`, for StackReference. */
  stackOutputs?: Record<string, Record<string, unknown>>;
}

interface Computed {
  id: string;
  state?: Record<string, unknown>;
}

type ResourceContext = {
  name: string;
  /** The inputs with secrets unwrapped. */
  inputs: Record<string, any>;
  subscriptionId: string;
  tenantId: string;
};

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
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
        primaryEndpoints: { blob: endpoint("blob"), queue: endpoint("queue"), table: endpoint("table"), file: endpoint("file"), dfs: endpoint("dfs"), web: endpoint("web") },
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
      state: { name, properties: { ...ctx.inputs.properties, vaultUri: `https://${name}.vault.azure.net/`, provisioningState: "Succeeded" } },
    };
  },
  "azure-native:keyvault:Secret": (ctx) => {
    const name = physicalName(ctx, "secretName");
    const uri = `https://${ctx.inputs.vaultName}.vault.azure.net/secrets/${name}`;
    // The provider never echoes the value: only the URIs come back.
    return {
      id: `${groupPath(ctx)}/providers/Microsoft.KeyVault/vaults/${ctx.inputs.vaultName}/secrets/${name}`,
      state: { name, properties: { contentType: ctx.inputs.properties?.contentType, secretUri: uri, secretUriWithVersion: `${uri}/${sha256(uri).slice(0, 32)}` } },
    };
  },
  "azure-native:appconfiguration:ConfigurationStore": (ctx) => {
    const name = physicalName(ctx, "configStoreName");
    return { id: `${groupPath(ctx)}/providers/Microsoft.AppConfiguration/configurationStores/${name}`, state: { name, endpoint: `https://${name}.azconfig.io` } };
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
    return { id: `${groupPath(ctx)}/providers/Microsoft.ContainerRegistry/registries/${name}`, state: { name, loginServer: `${name.toLowerCase()}.azurecr.io` } };
  },
  "azure-native:managedidentity:UserAssignedIdentity": (ctx) => {
    const name = physicalName(ctx, "resourceName");
    const id = `${groupPath(ctx)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
    return { id, state: { name, principalId: guid("principal", id), clientId: guid("client", id), tenantId: ctx.tenantId } };
  },
  "azure-native:managedidentity:FederatedIdentityCredential": (ctx) => {
    const name = physicalName(ctx, "federatedIdentityCredentialResourceName");
    return { id: `${groupPath(ctx)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${ctx.inputs.resourceName}/federatedIdentityCredentials/${name}`, state: { name } };
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
    return { id: `${groupPath(ctx)}/providers/Microsoft.ContainerService/managedClusters/${ctx.inputs.resourceName}/agentPools/${name}`, state: { name } };
  },
  "azure-native:web:AppServicePlan": (ctx) => {
    const name = physicalName(ctx, "name");
    return { id: `${groupPath(ctx)}/providers/Microsoft.Web/serverfarms/${name}`, state: { name } };
  },
  "azure-native:web:WebApp": (ctx) => {
    const name = physicalName(ctx, "name");
    const id = `${groupPath(ctx)}/providers/Microsoft.Web/sites/${name}`;
    const identity = ctx.inputs.identity ? { ...ctx.inputs.identity, principalId: guid("site-principal", id), tenantId: ctx.tenantId } : undefined;
    return { id, state: { name, defaultHostName: `${name}.azurewebsites.net`, identity, outboundIpAddresses: "20.0.0.1,20.0.0.2" } };
  },
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
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" + (ctx.inputs.special === false ? "" : "!#$%&*()-_=+[]{}<>:?");
  const bytes = Buffer.from(sha256(`password/${ctx.name}`) + sha256(`more/${ctx.name}`), "hex");
  const result = Array.from({ length }, (_, index) => alphabet[bytes[index % bytes.length]! % alphabet.length]).join("");
  return { id: "none", state: { result, bcryptHash: sha256(result) } };
}

function dockerImage(ctx: ResourceContext): Computed {
  const imageName: string = ctx.inputs.imageName ?? ctx.name;
  const repository = imageName.replace(/:[^/:]+$/, "");
  return { id: imageName, state: { imageName, baseImageName: imageName, repoDigest: `${repository}@sha256:${sha256(imageName)}` } };
}

/** What a referenced stack that built the image exports, unless the options say otherwise. */
function builtStackOutputs(stack: string): Record<string, unknown> {
  const registry = `acr${stack.replace(/[^a-z0-9]/gi, "").toLowerCase()}`.slice(0, 40);
  return { imageRef: `${registry}.azurecr.io/durable-app@sha256:${sha256(stack)}` };
}

export class AzureMocks implements pulumi.runtime.Mocks {
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly deployerObjectId: string;
  readonly resources: RecordedResource[] = [];
  readonly calls: RecordedCall[] = [];
  /** Errors thrown while answering: the runtime may swallow them, so runProgram rethrows the first. */
  readonly errors: Error[] = [];
  private readonly stackOutputs: Record<string, Record<string, unknown>>;
  private readonly logicalNames = new Map<pulumi.Resource, string>();
  private readonly pendingOptions = new Map<string, RecordedOptions[]>();

  constructor(options: AzureMocksOptions = {}) {
    this.subscriptionId = options.subscriptionId ?? "00000000-0000-4000-8000-000000000001";
    this.tenantId = options.tenantId ?? "00000000-0000-4000-8000-000000000002";
    this.deployerObjectId = options.deployerObjectId ?? "00000000-0000-4000-8000-000000000003";
    this.stackOutputs = options.stackOutputs ?? {};
  }

  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    try {
      const ctx: ResourceContext = { name: args.name, inputs: unwrapSecrets(args.inputs), subscriptionId: this.subscriptionId, tenantId: this.tenantId };
      const computed = this.compute(args, ctx);
      // An empty id would make every output unknown: always answer with one.
      const id = args.id || computed.id;
      const state = { ...args.inputs, ...computed.state };
      const options = this.pendingOptions.get(`${args.type}::${args.name}`)?.shift() ?? { dependsOn: [], ignoreChanges: [] };
      this.resources.push({ type: args.type, name: args.name, urn: "", id, custom: args.custom ?? true, inputs: args.inputs, state, options });
      return { id, state };
    } catch (error) {
      throw this.remember(error);
    }
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
    try {
      const result = this.answer(args.token, unwrapSecrets(args.inputs));
      this.calls.push({ token: args.token, inputs: args.inputs, result });
      return result;
    } catch (error) {
      throw this.remember(error);
    }
  }

  /** Register with `pulumi.runtime.registerStackTransformation` (runProgram does) to record each resource's options. */
  readonly recordOptions: pulumi.ResourceTransformation = ({ resource, type, name, opts }) => {
    this.logicalNames.set(resource, name);
    const dependsOn = ([] as unknown[]).concat(opts.dependsOn ?? []);
    const options: RecordedOptions = {
      dependsOn: dependsOn.flatMap((dependency) => this.logicalNames.get(dependency as pulumi.Resource) ?? []),
      ignoreChanges: opts.ignoreChanges ?? [],
      provider: (opts as pulumi.CustomResourceOptions).provider ? this.logicalNames.get((opts as pulumi.CustomResourceOptions).provider!) : undefined,
    };
    const key = `${type}::${name}`;
    this.pendingOptions.set(key, [...(this.pendingOptions.get(key) ?? []), options]);
    return undefined;
  };

  /** The recorded resources of one type, e.g. `azure-native:storage:StorageAccount`. */
  ofType(type: string): RecordedResource[] {
    return this.resources.filter((resource) => resource.type === type);
  }

  private compute(args: pulumi.runtime.MockResourceArgs, ctx: ResourceContext): Computed {
    const known = azureResources[args.type];
    if (known) return known(ctx);
    if (args.type.startsWith("azure-native:")) return genericAzureResource(args.type, ctx);
    if (args.type.startsWith("kubernetes:")) return kubernetesResource(ctx);
    if (args.type === "docker:index/image:Image") return dockerImage(ctx);
    if (args.type === "random:index/randomPassword:RandomPassword") return randomPassword(ctx);
    if (args.type === "command:local:Command") return { id: `${args.name}-${sha256(args.name).slice(0, 8)}`, state: { stdout: "", stderr: "" } };
    if (args.type === "pulumi:pulumi:StackReference") {
      const stack = String(ctx.inputs.name ?? args.id);
      return { id: stack, state: { name: stack, outputs: this.stackOutputs[stack] ?? builtStackOutputs(stack), secretOutputNames: [] } };
    }
    // Providers, components and anything else: a stable id is all they need.
    return { id: args.custom === false ? "" : `${args.name}-${sha256(args.type + args.name).slice(0, 8)}` };
  }

  private answer(token: string, inputs: Record<string, any>): Record<string, any> {
    switch (token) {
      case "azure-native:authorization:getClientConfig":
        return { clientId: "00000000-0000-4000-8000-000000000004", objectId: this.deployerObjectId, subscriptionId: this.subscriptionId, tenantId: this.tenantId };
      case "azure-native:storage:listStorageAccountKeys":
        return {
          keys: ["key1", "key2"].map((keyName) => ({
            keyName,
            permissions: "FULL",
            creationTime: "2025-01-01T00:00:00Z",
            value: Buffer.from(sha256(`${inputs.accountName}/${keyName}`) + sha256(keyName)).toString("base64").slice(0, 88),
          })),
        };
      case "azure-native:containerservice:listManagedClusterUserCredentials":
        return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(this.execKubeconfig(inputs.resourceName)).toString("base64") }] };
      case "docker:index/getRegistryImage:getRegistryImage":
        return { name: inputs.name, sha256Digest: `sha256:${sha256(String(inputs.name))}` };
      default:
        throw new Error(`offline/mocks.ts has no answer for the call ${token}: teach AzureMocks.answer what Azure would return`);
    }
  }

  /** What AKS returns for `format: exec`: a kubeconfig that runs kubelogin, no credentials inside. */
  private execKubeconfig(clusterName: string): string {
    const cluster = this.resources.find((resource) => resource.type === "azure-native:containerservice:ManagedCluster" && resource.state.name === clusterName);
    const server = `https://${cluster?.state.fqdn ?? `${clusterName}.hcp.westeurope.azmk8s.io`}:443`;
    return [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      `- name: ${clusterName}`,
      "  cluster:",
      `    server: ${server}`,
      "    certificate-authority-data: TU9DSy1DQQ==",
      "contexts:",
      `- name: ${clusterName}`,
      "  context:",
      `    cluster: ${clusterName}`,
      `    user: clusterUser_${clusterName}`,
      `current-context: ${clusterName}`,
      "users:",
      `- name: clusterUser_${clusterName}`,
      "  user:",
      "    exec:",
      "      apiVersion: client.authentication.k8s.io/v1beta1",
      "      command: kubelogin",
      "      args: [get-token, --login, devicecode, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630, --environment, AzurePublicCloud, --tenant-id, " + this.tenantId + "]",
      "",
    ].join("\n");
  }

  private remember(error: unknown): Error {
    const failure = error instanceof Error ? error : new Error(String(error));
    this.errors.push(failure);
    return failure;
  }
}
