import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { commonLabels } from "./labels";

/** The node's instance metadata endpoint: it hands out the node's managed identity tokens to any pod that asks. */
export const metadataEndpoint = "169.254.169.254/32";
/**
 * The cluster's own ranges, AKS's Azure CNI Overlay defaults (the program sets neither): pods 10.244.0.0/16, services
 * 10.0.0.0/16 (MicrosoftDocs/azure-aks-docs articles/aks/azure-cni-overlay.md). With Cilium an ipBlock cannot select
 * pod or node addresses anyway (articles/aks/azure-cni-powered-by-cilium.md, FAQ): excepting them keeps the rule honest
 * under any dataplane.
 */
export const clusterRanges = ["10.244.0.0/16", "10.0.0.0/16"];
/** CoreDNS, which pods resolve through (kube-system, label k8s-app: kube-dns). */
const kubeDns = {
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
  podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
};
const allPods = {};

const policy = (name: string, namespace: pulumi.Input<string>, policyName: string, egress: unknown[], opts: pulumi.CustomResourceOptions) =>
  new k8s.networking.v1.NetworkPolicy(
    name,
    {
      metadata: { name: policyName, namespace, labels: commonLabels },
      spec: { podSelector: allPods, policyTypes: ["Egress"], egress: egress as k8s.types.input.networking.v1.NetworkPolicyEgressRule[] },
    },
    opts,
  );

/**
 * Egress of a namespace whose pods talk only to Azure's public endpoints (Storage, Key Vault, App Configuration,
 * Monitor, Entra ID): everything denied but DNS and HTTPS outside the cluster and the metadata endpoint. Workload
 * identity needs no more: the SDK exchanges the projected token at AZURE_AUTHORITY_HOST (login.microsoftonline.com)
 * over HTTPS, never through the metadata endpoint (Azure/azure-workload-identity pkg/webhook/webhook.go). Policies add
 * up, so another policy may allow more (e.g. OAuth2 Proxy to the app).
 */
export function createEgressPolicies(name: string, namespace: pulumi.Input<string>, opts: pulumi.CustomResourceOptions) {
  return [
    policy(`${name}-deny-egress`, namespace, "default-deny-egress", [], opts),
    policy(
      `${name}-dns-egress`,
      namespace,
      "allow-dns-egress",
      [
        {
          to: [kubeDns],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
      opts,
    ),
    policy(
      `${name}-https-egress`,
      namespace,
      "allow-https-egress-outside-cluster",
      [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [metadataEndpoint, ...clusterRanges] } }], ports: [{ protocol: "TCP", port: 443 }] }],
      opts,
    ),
  ];
}

export interface PodsEgressArgs {
  /** The namespace the policy applies to (all its pods). */
  namespace: pulumi.Input<string>;
  policyName: string;
  /** The pods it may reach, on their container port (a NetworkPolicy sees pod ports, not Service ports). */
  to: { namespace: pulumi.Input<string>; podLabels: Record<string, string>; port: number };
}

/** Lets a namespace's pods reach given pods in another namespace, on one port. */
export function allowEgressToPods(name: string, args: PodsEgressArgs, opts: pulumi.CustomResourceOptions) {
  const to = {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": args.to.namespace } },
    podSelector: { matchLabels: args.to.podLabels },
  };
  return policy(name, args.namespace, args.policyName, [{ to: [to], ports: [{ protocol: "TCP", port: args.to.port }] }], opts);
}

/**
 * For a namespace whose pods are an add-on's (the Istio gateway): their ports to the add-on's control plane are not
 * documented, so only the metadata endpoint is closed. Any pod of the cluster and any address outside it stay open.
 */
export function denyMetadataEgress(name: string, namespace: pulumi.Input<string>, opts: pulumi.CustomResourceOptions) {
  return policy(
    name,
    namespace,
    "deny-metadata-egress",
    [{ to: [{ namespaceSelector: {} }, { ipBlock: { cidr: "0.0.0.0/0", except: [metadataEndpoint] } }] }],
    opts,
  );
}
