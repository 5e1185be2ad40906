import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { appName, commonLabels } from "./labels";

export interface WorkloadIdentityArgs {
  namespace: pulumi.Input<string>;
  resourceGroupName: pulumi.Input<string>;
  identityName: pulumi.Input<string>;
  identityClientId: pulumi.Input<string>;
  oidcIssuerUrl: pulumi.Input<string>;
}

/** A service account whose tokens Entra ID accepts for the app's user-assigned identity (workload identity). */
export function createWorkloadIdentity(name: string, args: WorkloadIdentityArgs, parent: pulumi.Resource, provider: k8s.Provider) {
  const serviceAccount = new k8s.core.v1.ServiceAccount(
    `${name}-sa`,
    {
      metadata: {
        name: appName,
        namespace: args.namespace,
        labels: { ...commonLabels, "azure.workload.identity/use": "true" },
        annotations: { "azure.workload.identity/client-id": args.identityClientId },
      },
      automountServiceAccountToken: false,
    },
    { parent, provider },
  );
  const federation = new managedidentity.FederatedIdentityCredential(
    `${name}-federation`,
    {
      resourceGroupName: args.resourceGroupName,
      resourceName: args.identityName,
      federatedIdentityCredentialResourceName: pulumi.interpolate`aks-${args.namespace}-${appName}`,
      issuer: args.oidcIssuerUrl,
      subject: pulumi.interpolate`system:serviceaccount:${args.namespace}:${appName}`,
      audiences: ["api://AzureADTokenExchange"],
    },
    { parent },
  );
  return { serviceAccount, federation };
}
