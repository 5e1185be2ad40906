import * as pulumi from "@pulumi/pulumi";
import * as containerregistry from "@pulumi/azure-native/containerregistry";
import type { Settings } from "../config";
import { registryNetworkRules } from "../lib/networkRules";
import { lockAgainstDeletion, protectedInProduction } from "../lib/protection";

export interface RegistryArgs {
  /** What it reads of the validated settings. */
  readonly settings: Pick<Settings, "environment" | "location" | "names" | "network" | "registry" | "tags">;
  resourceGroupName: pulumi.Input<string>;
}

/** The container registry the image is pushed to; pulls use identities (AcrPull), never the admin user. */
export class Registry extends pulumi.ComponentResource {
  public readonly registryName: pulumi.Output<string>;
  public readonly registryId: pulumi.Output<string>;
  public readonly loginServer: pulumi.Output<string>;

  constructor(name: string, args: RegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("durable-aks:containerregistry:Registry", name, {}, opts);
    const { settings, resourceGroupName } = args;

    const registry = new containerregistry.Registry(
      `${name}-acr`,
      {
        registryName: settings.names.registry,
        resourceGroupName,
        location: settings.location,
        sku: { name: settings.registry.sku },
        adminUserEnabled: false,
        ...registryNetworkRules(settings.network, settings.registry.sku),
        tags: settings.tags,
      },
      { parent: this, ...protectedInProduction(settings) },
    );
    // Prod's images exist only here once promoted (dev's may be gone): they are the rollback targets.
    lockAgainstDeletion(`${name}-acr-lock`, settings, registry.id, this);

    this.registryName = registry.name;
    this.registryId = registry.id;
    this.loginServer = registry.loginServer;
    this.registerOutputs({ registryName: this.registryName, registryId: this.registryId, loginServer: this.loginServer });
  }
}
