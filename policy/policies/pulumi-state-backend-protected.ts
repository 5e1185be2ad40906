import { mandatoryResourcePolicy } from "../lib/define-policy";
import { pathOf } from "../lib/props";
import { azureTypes, isAzureNativeType } from "../lib/resource-types";
import { projectOfUrn } from "../lib/urn";

export interface StateBackendConfig {
  readonly stateBackendProjects: readonly string[];
}

const defaultStateBackendProjects = ["durable-aks-bootstrap"];

/**
 * The projects that hold every stack's state and secrets provider (bootstrap/): a leaked account key would expose all
 * state, and a purged key would make every stack's secrets unreadable.
 */
export const pulumiStateBackendProtected = mandatoryResourcePolicy({
  name: "pulumi-state-backend-protected",
  description: "The Pulumi state account accepts Entra ID only (no shared keys) and the secrets-provider vault has purge protection.",
  appliesTo: (type) => isAzureNativeType(type, azureTypes.storageAccount) || isAzureNativeType(type, azureTypes.keyVault),
  configSchema: {
    properties: {
      stateBackendProjects: { type: "array", items: { type: "string" }, default: defaultStateBackendProjects },
    },
  },
  validate: (props, args, reportViolation) => {
    const projects = args.getConfig<Partial<StateBackendConfig>>().stateBackendProjects ?? defaultStateBackendProjects;
    if (!projects.includes(projectOfUrn(args.urn))) return;
    if (isAzureNativeType(args.type, azureTypes.storageAccount) && props["allowSharedKeyAccess"] !== false) {
      reportViolation(
        "The Pulumi state account allows shared-key access: set allowSharedKeyAccess: false (the azblob backend signs in with Entra ID).",
      );
    }
    if (isAzureNativeType(args.type, azureTypes.keyVault) && pathOf(props, "properties", "enablePurgeProtection") !== true) {
      reportViolation(
        "The Pulumi secrets vault has no purge protection: set properties.enablePurgeProtection to true so a deleted key stays recoverable.",
      );
    }
  },
});
