import { mandatoryResourcePolicy } from "../lib/define-policy";
import { azureTypes, isAzureNativeType } from "../lib/resource-types";
import { pathOf } from "../lib/props";
import { stackOfUrn } from "../lib/urn";

export interface PurgeProtectionConfig {
  readonly productionStacks: readonly string[];
}

const defaultProductionStacks = ["prod"];

/** Purge protection cannot be turned off again, so it is demanded only of production stacks (policy config). */
export const keyVaultPurgeProtectionInProd = mandatoryResourcePolicy({
  name: "key-vault-purge-protection-in-prod",
  description: "Key Vaults of production stacks have purge protection, so deleted secrets can be recovered.",
  appliesTo: (type) => isAzureNativeType(type, azureTypes.keyVault),
  configSchema: {
    properties: {
      productionStacks: { type: "array", items: { type: "string" }, default: defaultProductionStacks },
    },
  },
  validate: (props, args, reportViolation) => {
    const stack = stackOfUrn(args.urn);
    // The CLI fills in the schema's default; a bare analyzer that was never configured gets it here.
    const productionStacks = args.getConfig<Partial<PurgeProtectionConfig>>().productionStacks ?? defaultProductionStacks;
    if (!productionStacks.includes(stack)) return;
    if (pathOf(props, "properties", "enablePurgeProtection") !== true) {
      reportViolation(`Stack "${stack}" is a production stack and its Key Vault has no purge protection: set properties.enablePurgeProtection to true.`);
    }
  },
});
