import { mandatoryResourcePolicy } from "../lib/define-policy";
import { productionResourceOf, productionStacksSchema } from "../lib/production-stacks";
import { azureTypes, isAzureNativeType } from "../lib/resource-types";

/**
 * The fallback `storage.sharedKeyAccess: true` is for dev only: a production stack (by the policy config, or tagged
 * `environment: prod` as the program tags every resource) keeps shared keys off. Azure's default for an unset
 * `allowSharedKeyAccess` is on, so only an explicit false passes.
 */
export const storageAccountNoSharedKeyInProd = mandatoryResourcePolicy({
  name: "storage-account-no-shared-key-in-prod",
  description: "Storage accounts of production stacks refuse shared-key (account key and SAS) access: identities only.",
  appliesTo: (type) => isAzureNativeType(type, azureTypes.storageAccount),
  configSchema: productionStacksSchema,
  validate: (props, args, reportViolation) => {
    const { stack, production } = productionResourceOf(props, args);
    if (production && props["allowSharedKeyAccess"] !== false) {
      reportViolation(
        `Stack "${stack}" is a production stack and its storage account allows shared-key access: set allowSharedKeyAccess: false (config storage.sharedKeyAccess: false).`,
      );
    }
  },
});
