import { advisoryResourcePolicy } from "../lib/define-policy";
import { productionResourceOf, productionStacksSchema } from "../lib/production-stacks";
import { azureTypes, isAzureNativeType } from "../lib/resource-types";
import { pathOf } from "../lib/props";

/**
 * A production cluster's API server answers the whole internet unless it has authorized IP ranges or is private
 * (learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges, /azure/aks/private-clusters). Advisory: GitHub-hosted
 * runners have no fixed addresses, so the ranges or a private cluster need runners of your own (docs/security.md, "Network access").
 */
export const aksApiServerRestrictedInProd = advisoryResourcePolicy({
  name: "aks-api-server-restricted-in-prod",
  description: "Production AKS clusters restrict their API server: authorized IP ranges, or a private cluster.",
  appliesTo: (type) => isAzureNativeType(type, azureTypes.managedCluster),
  configSchema: productionStacksSchema,
  validate: (props, args, reportViolation) => {
    const { stack, production } = productionResourceOf(props, args);
    if (!production) return;
    const ranges = pathOf(props, "apiServerAccessProfile", "authorizedIPRanges");
    const hasRanges = Array.isArray(ranges) && ranges.length > 0;
    if (hasRanges || pathOf(props, "apiServerAccessProfile", "enablePrivateCluster") === true) return;
    reportViolation(
      `Stack "${stack}" is a production stack and its AKS API server is public to every address: set apiServerAccessProfile.authorizedIPRanges ` +
        `(network.restrictPublicAccess with network.allowedIpRanges: your runners' and operators' egress addresses) or enablePrivateCluster ` +
        `with a runner inside the network (docs/security.md, "Network access"). Entra ID sign-in still guards it.`,
    );
  },
});
