import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../../config";
import { assignRole } from "../../../lib/roles";
import { appName, commonLabels } from "./labels";

// The AKS KEDA add-on runs its operator as kube-system/keda-operator; the operator, not the app pod, reads the queues
// (https://learn.microsoft.com/azure/aks/keda-workload-identity).
export const kedaOperatorSubject = "system:serviceaccount:kube-system:keda-operator";

export interface KedaAuthenticationArgs {
  /** What it reads of the validated settings. */
  readonly settings: Pick<Settings, "location" | "names" | "tags">;
  namespace: pulumi.Input<string>;
  resourceGroupName: pulumi.Input<string>;
  /** The task hub's account: KEDA's identity may read its queues and nothing else. */
  storageAccountId: pulumi.Input<string>;
  oidcIssuerUrl: pulumi.Input<string>;
}

/**
 * Lets KEDA read the task hub's queues with an identity of its own: the operator is cluster-wide and uses whatever client
 * id a TriggerAuthentication names (kedacore/keda pkg/scalers/azure/azure_aad_workload_identity.go: identityId overrides
 * the operator's AZURE_CLIENT_ID), so the identity federated with it holds Storage Queue Data Reader only, never the
 * app's roles.
 */
export function createKedaAuthentication(
  name: string,
  args: KedaAuthenticationArgs,
  parent: pulumi.Resource,
  provider: k8s.Provider,
  /** The cluster serves KEDA's CRDs. */
  kedaReady: pulumi.Resource,
) {
  const { settings } = args;
  const identity = new managedidentity.UserAssignedIdentity(
    `${name}-keda-identity`,
    {
      resourceName: `id-keda-${settings.names.functionApp}`,
      resourceGroupName: args.resourceGroupName,
      location: settings.location,
      tags: settings.tags,
    },
    { parent },
  );
  const queueReader = assignRole(
    `${name}-keda-queue-reader`,
    { role: "storageQueueDataReader", scope: args.storageAccountId, principalId: identity.principalId, principalType: "ServicePrincipal" },
    { parent },
  );
  const federation = new managedidentity.FederatedIdentityCredential(
    `${name}-keda-federation`,
    {
      resourceGroupName: args.resourceGroupName,
      resourceName: identity.name,
      federatedIdentityCredentialResourceName: "aks-kube-system-keda-operator",
      issuer: args.oidcIssuerUrl,
      subject: kedaOperatorSubject,
      audiences: ["api://AzureADTokenExchange"],
    },
    { parent },
  );
  const triggerAuthentication = new k8s.apiextensions.CustomResource(
    `${name}-keda-auth`,
    {
      apiVersion: "keda.sh/v1alpha1",
      kind: "TriggerAuthentication",
      metadata: { name: `${appName}-storage`, namespace: args.namespace, labels: commonLabels },
      spec: { podIdentity: { provider: "azure-workload", identityId: identity.clientId } },
    },
    { parent, provider, dependsOn: [federation, queueReader, kedaReady] },
  );
  return { identity, federation, triggerAuthentication };
}
