// Limits set by Azure and Kubernetes that the schema alone cannot express.
import { appRoutingNamespace, gatewayNamespace, oauth2ProxyNamespace } from "./namespaces";

/**
 * The oldest Kubernetes minor version AKS still offers to new clusters: 1.33 reached end of life in June 2026 on the
 * AKS release calendar (https://learn.microsoft.com/azure/aks/supported-kubernetes-versions, read 2026-11-22).
 * Raise it as AKS retires minors; a lower version fails in ARM only after the resource group exists.
 */
export const minimumKubernetesMinor = 34;

/**
 * The newest Kubernetes minor on the AKS release calendar (1.37: preview September 2026, GA October 2026;
 * learn.microsoft.com/azure/aks/supported-kubernetes-versions, MicrosoftDocs/azure-aks-docs as of August 2026). A higher
 * one does not exist yet; raise this as AKS announces minors.
 */
export const newestKubernetesMinor = 37;

/**
 * Namespaces the app must not take: Kubernetes' own, the AKS add-ons', and those this stack creates for itself
 * (creating the app's Namespace there would collide with them, or lift the add-on's policies). From the AKS docs
 * (MicrosoftDocs/azure-aks-docs): default and kube-* (list-pods-aks-cluster.md), gatekeeper-system for Azure Policy
 * (same page), app-routing-system and istio-system (managed-namespaces.md, "system namespaces"), aks-istio-* for the
 * Istio add-on (istio-deploy-addon.md, istio-deploy-ingress.md), calico-system and tigera-operator for Calico network
 * policy (security-vulnerability-api-reference.md; tigera-operator in supported-kubernetes-versions.md).
 */
export const reservedNamespaces: readonly string[] = [
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease",
  "gatekeeper-system",
  "istio-system",
  "calico-system",
  "tigera-operator",
  appRoutingNamespace,
  oauth2ProxyNamespace,
  gatewayNamespace,
];

/** Prefixes Kubernetes (kube-) and AKS (aks-istio-system, aks-command, ...) name their own namespaces with. */
export const reservedNamespacePrefixes: readonly string[] = ["kube-", "aks-"];

export const isReservedNamespace = (namespace: string) =>
  reservedNamespaces.includes(namespace) || reservedNamespacePrefixes.some((prefix) => namespace.startsWith(prefix));

/** Pods one Deployment may scale to (config `app.maxReplicas`); the reason is in the rule's message. */
export const maximumReplicas = 100;

/** Activity or orchestrator functions one worker runs at once (config `durable.maxConcurrent*Functions`; host.json's default is 10). */
export const maximumConcurrentFunctionsPerWorker = 100;
