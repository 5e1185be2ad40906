import { mandatoryResourcePolicy } from "../lib/define-policy";
import { azureTypes, isAzureNativeType } from "../lib/resource-types";
import { pathOf } from "../lib/props";

export const keyVaultRbacAuthorization = mandatoryResourcePolicy({
  name: "key-vault-rbac-authorization",
  description: "Key Vaults authorize data access with Azure RBAC role assignments, not vault access policies.",
  appliesTo: (type) => isAzureNativeType(type, azureTypes.keyVault),
  validate: (props, _args, reportViolation) => {
    if (pathOf(props, "properties", "enableRbacAuthorization") !== true) {
      reportViolation(
        "properties.enableRbacAuthorization is not true: set it to true and grant access with role assignments (Key Vault Secrets User).",
      );
    }
  },
});
