import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { commonLabels } from "./labels";

export interface IngressOnlyPolicyArgs {
  namespace: pulumi.Input<string>;
  name: string;
  podLabels: Record<string, string>;
  /** The pods' container port (a NetworkPolicy sees pod ports, not Service ports). */
  port: number;
  /** Namespaces whose pods may connect; everything else is denied. */
  allowedNamespaces: string[];
}

/** Only the given namespaces may reach the selected pods, on one port; everything else is denied. */
export function createIngressOnlyPolicy(name: string, args: IngressOnlyPolicyArgs, opts: pulumi.CustomResourceOptions) {
  return new k8s.networking.v1.NetworkPolicy(
    name,
    {
      metadata: { name: args.name, namespace: args.namespace, labels: commonLabels },
      spec: {
        podSelector: { matchLabels: args.podLabels },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [...new Set(args.allowedNamespaces)].map((allowed) => ({
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": allowed } },
            })),
            ports: [{ protocol: "TCP", port: args.port }],
          },
        ],
      },
    },
    opts,
  );
}
