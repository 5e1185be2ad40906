import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { appName, commonLabels } from "./labels";

// The AKS KEDA add-on runs its operator as kube-system/keda-operator; the operator, not the app pod, reads the queues
// (https://learn.microsoft.com/azure/aks/keda-workload-identity).
export const kedaOperatorSubject = "system:serviceaccount:kube-system:keda-operator";

export interface KedaAuthenticationArgs {
  namespace: pulumi.Input<string>;
  resourceGroupName: pulumi.Input<string>;
  identityName: pulumi.Input<string>;
  identityClientId: pulumi.Input<string>;
  oidcIssuerUrl: pulumi.Input<string>;
  /** The app's own federated credential: Entra ID rejects concurrent credential writes under one identity. */
  appFederation: pulumi.Resource;
}

/**
 * Lets KEDA read the task hub's queues with the app identity: the operator's service account is federated with it, and
 * the TriggerAuthentication asks for a workload identity token for that client id (kedacore/keda
 * pkg/scalers/azure/azure_aad_workload_identity.go: identityId overrides the operator's AZURE_CLIENT_ID).
 */
export function createKedaAuthentication(name: string, args: KedaAuthenticationArgs, parent: pulumi.Resource, provider: k8s.Provider) {
  const federation = new managedidentity.FederatedIdentityCredential(
    `${name}-keda-federation`,
    {
      resourceGroupName: args.resourceGroupName,
      resourceName: args.identityName,
      federatedIdentityCredentialResourceName: "aks-kube-system-keda-operator",
      issuer: args.oidcIssuerUrl,
      subject: kedaOperatorSubject,
      audiences: ["api://AzureADTokenExchange"],
    },
    // One at a time per identity (https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations#concurrent-updates-arent-supported-user-assigned-managed-identities).
    { parent, dependsOn: [args.appFederation] },
  );
  const triggerAuthentication = new k8s.apiextensions.CustomResource(
    `${name}-keda-auth`,
    {
      apiVersion: "keda.sh/v1alpha1",
      kind: "TriggerAuthentication",
      metadata: { name: `${appName}-storage`, namespace: args.namespace, labels: commonLabels },
      spec: { podIdentity: { provider: "azure-workload", identityId: args.identityClientId } },
    },
    { parent, provider, dependsOn: [federation] },
  );
  return { federation, triggerAuthentication };
}
