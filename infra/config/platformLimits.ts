// Limits set by Azure and Kubernetes that the schema alone cannot express.
import { appRoutingNamespace, gatewayNamespace, oauth2ProxyNamespace } from "./namespaces";

/**
 * The oldest Kubernetes minor version AKS still offers to new clusters: 1.33 reached end of life in June 2026 on the
 * AKS release calendar (https://learn.microsoft.com/azure/aks/supported-kubernetes-versions, read 2026-11-22).
 * Raise it as AKS retires minors; a lower version fails in ARM only after the resource group exists.
 */
export const minimumKubernetesMinor = 34;

/**
 * Namespaces the app must not take: Kubernetes' own, the AKS add-ons' (app routing), and those this stack creates
 * for itself (creating the app's Namespace there would collide with them, or lift the add-on's policies).
 */
export const reservedNamespaces: readonly string[] = [
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease",
  appRoutingNamespace,
  oauth2ProxyNamespace,
  gatewayNamespace,
];
