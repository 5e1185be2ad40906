import { mandatoryResourcePolicy } from "../lib/define-policy";
import { azureTypes, isAzureNativeType } from "../lib/resource-types";

export const containerRegistryAdminDisabled = mandatoryResourcePolicy({
  name: "container-registry-admin-disabled",
  description: "Container registries have the shared admin account off; pushes and pulls use Entra identities (AcrPush, AcrPull).",
  appliesTo: (type) => isAzureNativeType(type, azureTypes.containerRegistry),
  validate: (props, _args, reportViolation) => {
    if (props["adminUserEnabled"] !== false) {
      reportViolation("adminUserEnabled is not false: set adminUserEnabled: false and grant AcrPull/AcrPush role assignments instead.");
    }
  },
});
