import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { appName, commonLabels, selectorLabels } from "./labels";

export const servicePort = 80;

export function createServiceAndBudget(name: string, namespace: pulumi.Input<string>, opts: pulumi.CustomResourceOptions) {
  const service = new k8s.core.v1.Service(
    `${name}-service`,
    {
      metadata: { name: appName, namespace, labels: commonLabels },
      spec: { type: "ClusterIP", selector: selectorLabels, ports: [{ name: "http", port: servicePort, targetPort: "http" }] },
    },
    opts,
  );
  // maxUnavailable (not minAvailable) so a single-replica dev stack never blocks node drains and upgrades.
  const budget = new k8s.policy.v1.PodDisruptionBudget(
    `${name}-pdb`,
    {
      metadata: { name: appName, namespace, labels: commonLabels },
      spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels } },
    },
    opts,
  );
  return { service, budget };
}
