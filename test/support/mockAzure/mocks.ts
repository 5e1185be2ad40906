import type * as pulumi from "@pulumi/pulumi";
import { computeState, sha256, type ResourceContext } from "./computedState";
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
  /** The engine refuses to delete or replace a protected resource. */
  protect: boolean;
  /** Left in the cloud when the stack deletes it. */
  retainOnDelete: boolean;
  /** Logical name of the explicit provider, if any. */
  provider?: string;
  /** Former names and types the resource answers to (plain alias specs; URN aliases as their text). */
  aliases: Array<{ name?: string; type?: string } | string>;
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
  /** Outputs of other stacks, by `<org>/<project>/<stack>`, for StackReference; by default an `imageRef` by digest. */
  stackOutputs?: Record<string, Record<string, unknown>>;
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
      const ctx: ResourceContext = {
        name: args.name,
        inputs: unwrapSecrets(args.inputs),
        subscriptionId: this.subscriptionId,
        tenantId: this.tenantId,
      };
      const computed = computeState(args, ctx, this.stackOutputs);
      // An empty id would make every output unknown: always answer with one.
      const id = args.id || computed.id;
      const state = { ...args.inputs, ...computed.state };
      const options = this.pendingOptions.get(`${args.type}::${args.name}`)?.shift() ?? {
        dependsOn: [],
        ignoreChanges: [],
        protect: false,
        retainOnDelete: false,
        aliases: [],
      };
      this.resources.push({
        type: args.type,
        name: args.name,
        urn: "",
        id,
        custom: args.custom ?? true,
        inputs: args.inputs,
        state,
        options,
      });
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
      protect: opts.protect ?? false,
      retainOnDelete: opts.retainOnDelete ?? false,
      provider: (opts as pulumi.CustomResourceOptions).provider
        ? this.logicalNames.get((opts as pulumi.CustomResourceOptions).provider!)
        : undefined,
      aliases: (opts.aliases ?? []).map((alias) =>
        typeof alias === "string" ? alias : { name: (alias as pulumi.Alias).name as string, type: (alias as pulumi.Alias).type as string },
      ),
    };
    const key = `${type}::${name}`;
    this.pendingOptions.set(key, [...(this.pendingOptions.get(key) ?? []), options]);
    return undefined;
  };

  /** The recorded resources of one type, e.g. `azure-native:storage:StorageAccount`. */
  ofType(type: string): RecordedResource[] {
    return this.resources.filter((resource) => resource.type === type);
  }

  private answer(token: string, inputs: Record<string, any>): Record<string, any> {
    switch (token) {
      case "azure-native:authorization:getClientConfig":
        return {
          clientId: "00000000-0000-4000-8000-000000000004",
          objectId: this.deployerObjectId,
          subscriptionId: this.subscriptionId,
          tenantId: this.tenantId,
        };
      case "azure-native:resources:getResourceGroup":
        // bootstrap/ created it; the main program only looks it up.
        return {
          id: `/subscriptions/${this.subscriptionId}/resourceGroups/${inputs.resourceGroupName}`,
          name: inputs.resourceGroupName,
          location: "westeurope",
          properties: { provisioningState: "Succeeded" },
          type: "Microsoft.Resources/resourceGroups",
        };
      case "azure-native:storage:listStorageAccountKeys":
        return {
          keys: ["key1", "key2"].map((keyName) => ({
            keyName,
            permissions: "FULL",
            creationTime: "2025-01-01T00:00:00Z",
            value: Buffer.from(sha256(`${inputs.accountName}/${keyName}`) + sha256(keyName))
              .toString("base64")
              .slice(0, 88),
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
    const cluster = this.resources.find(
      (resource) => resource.type === "azure-native:containerservice:ManagedCluster" && resource.state.name === clusterName,
    );
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
      "      args: [get-token, --login, devicecode, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630, --environment, AzurePublicCloud, --tenant-id, " +
        this.tenantId +
        "]",
      "",
    ].join("\n");
  }

  private remember(error: unknown): Error {
    const failure = error instanceof Error ? error : new Error(String(error));
    this.errors.push(failure);
    return failure;
  }
}
