import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { containerPort } from "../../../app/src/settingNames";
import { appName, commonLabels, selectorLabels } from "./labels";

/** Only the ingress controller's namespaces may reach the app's pods; everything else is denied. */
export function createIngressOnlyPolicy(name: string, namespace: pulumi.Input<string>, allowedNamespaces: string[], opts: pulumi.CustomResourceOptions) {
  return new k8s.networking.v1.NetworkPolicy(
    name,
    {
      metadata: { name: `${appName}-ingress-only`, namespace, labels: commonLabels },
      spec: {
        podSelector: { matchLabels: selectorLabels },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: allowedNamespaces.map((allowed) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": allowed } } })),
            ports: [{ protocol: "TCP", port: containerPort }],
          },
        ],
      },
    },
    opts,
  );
}
