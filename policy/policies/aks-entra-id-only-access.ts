import { mandatoryResourcePolicy } from "../lib/define-policy";
import { azureTypes, isAzureNativeType } from "../lib/resource-types";
import { pathOf } from "../lib/props";

const requiredSettings = [
  { path: ["disableLocalAccounts"], fix: "set disableLocalAccounts: true so no static admin kubeconfig exists" },
  { path: ["aadProfile", "managed"], fix: "set aadProfile.managed: true to sign in with Entra ID" },
  { path: ["aadProfile", "enableAzureRBAC"], fix: "set aadProfile.enableAzureRBAC: true to authorize with Azure role assignments" },
] as const;

export const aksEntraIdOnlyAccess = mandatoryResourcePolicy({
  name: "aks-entra-id-only-access",
  description: "AKS clusters have local accounts off and use Entra ID with Azure RBAC for Kubernetes authorization.",
  appliesTo: (type) => isAzureNativeType(type, azureTypes.managedCluster),
  validate: (props, _args, reportViolation) => {
    for (const setting of requiredSettings) {
      if (pathOf(props, ...setting.path) !== true) reportViolation(`${setting.path.join(".")} is not true: ${setting.fix}.`);
    }
  },
});
