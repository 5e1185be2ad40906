import { mandatoryResourcePolicy } from "../lib/define-policy";
import { productionResourceOf, productionStacksSchema } from "../lib/production-stacks";
import { azureTypes, isAzureNativeType } from "../lib/resource-types";
import { pathOf } from "../lib/props";

/** Purge protection cannot be turned off again, so it is demanded only of production stacks (production-stacks.ts). */
export const keyVaultPurgeProtectionInProd = mandatoryResourcePolicy({
  name: "key-vault-purge-protection-in-prod",
  description: "Key Vaults of production stacks have purge protection, so deleted secrets can be recovered.",
  appliesTo: (type) => isAzureNativeType(type, azureTypes.keyVault),
  configSchema: productionStacksSchema,
  validate: (props, args, reportViolation) => {
    const { stack, production } = productionResourceOf(props, args);
    if (!production) return;
    if (pathOf(props, "properties", "enablePurgeProtection") !== true) {
      reportViolation(
        `Stack "${stack}" is a production stack and its Key Vault has no purge protection: set properties.enablePurgeProtection to true.`,
      );
    }
  },
});
